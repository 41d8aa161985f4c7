"""moto_server for the recovery benchmark at full scale, with three changes to how fast it emulates DynamoDB and S3.

moto 5.2.5 takes its rollback copy of a table (copy.deepcopy of every item) once per *item* of a transaction, so a
run creation (a run item, its tags and search-index entries in one transaction) deep-copies the whole metadata and
search tables about ten times, and seeding 1,000 runs grows quadratically until a transaction passes the store's 10 s
guard (after about 30 minutes; a copy once per table per call still passed it after 9). Here a transaction instead
keeps the prior state of just the items it names (a transaction writes nothing else) and on failure puts exactly those
back, through moto's own put and delete: the same all-or-nothing outcome.

Its Query on a table's own key collects and sorts every item of the table before it keeps the requested partition,
so each of the many per-run queries costs the whole table. Here such a query sees only that partition's items, in
the same order; queries on secondary indexes are left as they were.

Its ListObjectVersions deep-copies every version of every object in the bucket, contents included (a new buffer per
3 MB artifact version), on each call; at the full state the copies grew the process to 21 GB and the kernel killed
it. Here the listing works on shallow copies of the version records (it only marks which is latest on them), sharing
the contents. Nothing else changes. Real DynamoDB and S3 have none of these costs, so figures on this emulator stay an
emulator's figures.

Usage: python bench/moto_server_bench.py -H 127.0.0.1 -p PORT   (the arguments of moto_server)
"""
import copy
import sys
import threading
import types

import moto.dynamodb.models as dynamodb_models
import moto.s3.models as s3_models
from moto.dynamodb.models.table import Table
from moto.server import main

_original = dynamodb_models.DynamoDBBackend.transact_write_items
_lock = threading.Lock()  # the module's copy is swapped during a call: one transaction at a time
_no_table_copy = types.SimpleNamespace(
    deepcopy=lambda obj, memo=None: obj if isinstance(obj, Table) else copy.deepcopy(obj, memo))


def _key_of(backend, op_type, op):
    if op_type != "Put":
        return op["Key"]
    table = backend.get_table(op["TableName"])
    key = {table.hash_key_attr: op["Item"][table.hash_key_attr]}
    if table.range_key_attr is not None:
        key[table.range_key_attr] = op["Item"][table.range_key_attr]
    return key


def _transact_write_items(self, transact_items):
    with _lock:
        before = []
        for entry in transact_items:
            op_type, op = next(iter(entry.items()))
            if op_type in ("Put", "Update", "Delete") and op.get("TableName") in self.tables:
                key = _key_of(self, op_type, op)
                current = self.get_item(op["TableName"], key)
                before.append((op["TableName"], key, None if current is None else current.to_json()["Attributes"]))
        dynamodb_models.copy = _no_table_copy
        try:
            return _original(self, transact_items)
        except Exception:
            for table_name, key, attributes in reversed(before):
                if attributes is None:
                    self.delete_item(table_name, key)
                else:
                    self.put_item(table_name, attributes)
            raise
        finally:
            dynamodb_models.copy = copy


dynamodb_models.DynamoDBBackend.transact_write_items = _transact_write_items

_partition = threading.local()
_original_query = Table.query
_original_all_items = Table.all_items


def _query(self, hash_key, *args, **kwargs):
    index_name = kwargs.get("index_name", args[6] if len(args) > 6 else None)
    if index_name or hash_key is None:
        return _original_query(self, hash_key, *args, **kwargs)
    _partition.of = (self, hash_key)
    try:
        return _original_query(self, hash_key, *args, **kwargs)
    finally:
        _partition.of = None


def _all_items(self):
    wanted = getattr(_partition, "of", None)
    if wanted is None or wanted[0] is not self:
        return _original_all_items(self)
    found = self.items.get(wanted[1])
    if found is None:
        return []
    if self.range_key_attr:
        return sorted(found.values(), key=lambda item: item.range_key)
    return [found]


Table.query = _query
Table.all_items = _all_items


_views = {}


def _view_class(cls):
    # a key closes its content buffer when collected (__del__): a view sharing that buffer must not
    if cls not in _views:
        _views[cls] = type(cls.__name__, (cls,), {"__del__": lambda self: None})
    return _views[cls]


def _shallow(obj, memo=None):
    if isinstance(obj, list):
        return [_shallow(v) for v in obj]
    clone = object.__new__(_view_class(type(obj)))
    clone.__dict__.update(obj.__dict__)
    return clone


_original_list_versions = s3_models.S3Backend.list_object_versions
_s3_lock = threading.Lock()


def _list_object_versions(self, *args, **kwargs):
    with _s3_lock:
        s3_models.copy = types.SimpleNamespace(deepcopy=_shallow, copy=copy.copy)
        try:
            return _original_list_versions(self, *args, **kwargs)
        finally:
            s3_models.copy = copy


s3_models.S3Backend.list_object_versions = _list_object_versions

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
