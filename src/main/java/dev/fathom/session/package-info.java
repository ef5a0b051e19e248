/**
 * Sessions: the append-only JSONL log of each session under {@code FATHOM_HOME/sessions/<project>/}, forced to disk
 * per record, and reading logs back to list and resume sessions.
 */
package dev.fathom.session;
