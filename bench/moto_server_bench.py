"""moto_server for the recovery benchmark at full scale, with one change to how it emulates TransactWriteItems.

moto 5.2.5 takes its rollback copy of a table (copy.deepcopy of every item) once per *item* of a transaction, so a
run creation (a run item, its tags and search-index entries in one transaction) deep-copies the whole metadata and
search tables about ten times. Seeding 1,000 runs therefore grows quadratically and a transaction passes the store's
10 s guard after about 30 minutes. Here the copy is taken once per table per call. The copies are taken before any
write of the call, so every copy of one table within a call is identical and the rollback behaves as before; nothing
else changes. Real DynamoDB has no such cost, so figures on this emulator stay an emulator's figures.

Usage: python bench/moto_server_bench.py -H 127.0.0.1 -p PORT   (the arguments of moto_server)
"""
import copy
import sys
import threading
import types

import moto.dynamodb.models as dynamodb_models
from moto.dynamodb.models.table import Table
from moto.server import main

_original = dynamodb_models.DynamoDBBackend.transact_write_items
_lock = threading.Lock()  # the module's copy is swapped during a call: one transaction at a time


def _transact_write_items(self, transact_items):
    copies = {}

    def deepcopy(obj, memo=None):
        if not isinstance(obj, Table):
            return copy.deepcopy(obj, memo)
        if id(obj) not in copies:
            copies[id(obj)] = copy.deepcopy(obj, memo)
        return copies[id(obj)]

    with _lock:
        dynamodb_models.copy = types.SimpleNamespace(deepcopy=deepcopy)
        try:
            return _original(self, transact_items)
        finally:
            dynamodb_models.copy = copy


dynamodb_models.DynamoDBBackend.transact_write_items = _transact_write_items

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
