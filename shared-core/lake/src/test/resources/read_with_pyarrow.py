"""Prints every row of a lake file as read by pyarrow, values as IEEE-754 bits (NaN as 'nan')."""
import math
import struct
import sys

import pyarrow.parquet as pq

# ParquetFile, not read_table: read_table discovers hive partitions from the path (experiment_id=/run_id=) and
# fails to merge them with the same-named columns inside the file (README, "Reading with other engines").
table = pq.ParquetFile(sys.argv[1]).read()
print("schema", ",".join(f"{f.name}:{f.type}" for f in table.schema))
for row in table.to_pylist():
    v = row["value"]
    bits = "nan" if math.isnan(v) else struct.pack(">d", v).hex()
    print("row", row["experiment_id"], row["run_id"], row["key"], row["step"], row["timestamp"], bits, sep="\t")
