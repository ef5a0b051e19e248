/**
 * The context buffer: token accounting (the exact count of the last request plus an estimate of what was appended),
 * the window budget, layered compaction (prune old tool outputs, summarize, rebuild) and its invariants, project
 * instructions, and the breakdown front ends show.
 */
package dev.fathom.context;
