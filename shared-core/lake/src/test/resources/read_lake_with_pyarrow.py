"""Prints every row of a whole lake directory as pyarrow's dataset API reads it, values as IEEE-754 bits."""
import math
import struct
import sys

import pyarrow.dataset as ds

# partitioning=None: the experiment_id and run_id columns are in the files already; hive discovery would add them a
# second time from the directory names. Files starting with "_" (in-progress temp files) are skipped by default.
table = ds.dataset(sys.argv[1], format="parquet", partitioning=None).to_table()
for row in table.to_pylist():
    v = row["value"]
    bits = "nan" if math.isnan(v) else struct.pack(">d", v).hex()
    print("row", row["experiment_id"], row["run_id"], row["key"], row["step"], row["timestamp"], bits, sep="\t")
