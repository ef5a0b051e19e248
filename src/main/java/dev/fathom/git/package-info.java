/**
 * Git through JGit: opening the repository that holds the workspace (a subdirectory, a linked worktree, a detached
 * HEAD and a shallow clone included), status, diff, log and commit for the tools. Checkpoints and undo arrive here.
 */
package dev.fathom.git;
