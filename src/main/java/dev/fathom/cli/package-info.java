/**
 * The command line: picocli commands, the mapping from outcomes to exit codes, and the wiring of settings, model,
 * tools and front ends for one run.
 */
package dev.fathom.cli;
