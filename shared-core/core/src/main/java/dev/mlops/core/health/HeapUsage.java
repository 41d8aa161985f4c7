package dev.mlops.core.health;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;

/**
 * The heap as the memory check sees it. {@code used} counts garbage not yet collected, so the check judges
 * {@code liveAfterGc} (what the heap pools held right after their last collection) when the JVM knows it, and
 * {@code used} before the first collection. {@code max} is the heap limit (-Xmx).
 */
public record HeapUsage(long used, long liveAfterGc, long max) {

    public static HeapUsage current() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        long afterGc = 0;
        boolean collected = false;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage collection = pool.getType() == MemoryType.HEAP ? pool.getCollectionUsage() : null;
            if (collection != null && collection.getUsed() > 0) {
                afterGc += collection.getUsed();
                collected = true;
            }
        }
        long max = heap.getMax() > 0 ? heap.getMax() : Runtime.getRuntime().maxMemory();
        return new HeapUsage(heap.getUsed(), collected ? afterGc : -1, max);
    }

    /** The figure the check judges: live data after GC if known, else everything in use. */
    public long judged() {
        return liveAfterGc >= 0 ? Math.min(liveAfterGc, used) : used;
    }
}
