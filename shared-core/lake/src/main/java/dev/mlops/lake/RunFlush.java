package dev.mlops.lake;

/** The outcome of flushing one run: points moved into a new file, files adopted from a crashed flush, deleted. */
record RunFlush(long points, int written, int adopted, int deleted) {

    static final RunFlush NOTHING = new RunFlush(0, 0, 0, 0);

    RunFlush plus(RunFlush other) {
        return new RunFlush(points + other.points, written + other.written, adopted + other.adopted,
                deleted + other.deleted);
    }
}
