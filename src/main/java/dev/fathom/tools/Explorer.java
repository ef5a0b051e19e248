package dev.fathom.tools;

/** Runs a read-only investigation for the {@code explore} tool (the loop's sub-agents implement it). */
@FunctionalInterface
public interface Explorer {
    /** The sub-agent's report as the tool's result; an interrupt ends it early. */
    ToolResult explore(String task, ToolContext context) throws InterruptedException;
}
