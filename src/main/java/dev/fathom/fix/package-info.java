/**
 * The CI auto-fix mode: running the check command, reducing its failure output to what matters, and writing the
 * report and the pull-request summary. The command that drives it is {@code cli.FixCommand}.
 */
package dev.fathom.fix;
