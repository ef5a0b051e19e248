package dev.fathom.tools;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A read-only tool under the name read_file whose calls wait for one another at a barrier: each returns "together"
 * when the expected number of calls were running at the same time, "alone" when the barrier broke (the first call
 * waited in vain, or a later one found it broken). It shows whether calls ran in parallel without timing anything.
 */
public final class RendezvousTool extends BaseTool<ReadFileTool.Args> {
    private final CyclicBarrier barrier;

    public RendezvousTool(int expected) {
        super("read_file", ReadFileTool.Args.class, false);
        this.barrier = new CyclicBarrier(expected);
    }

    @Override
    public ToolResult run(ReadFileTool.Args args, ToolContext context) throws InterruptedException {
        boolean together;
        try {
            barrier.await(2, TimeUnit.SECONDS);
            together = true;
        } catch (BrokenBarrierException | TimeoutException e) {
            together = false;
        }
        return ToolResult.ok((together ? "together " : "alone ") + args.filePath(), null);
    }
}
