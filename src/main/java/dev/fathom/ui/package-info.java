/**
 * Front ends for the agent loop's events: the plain progress printer and the JSON writers used by headless runs.
 * The interactive JLine terminal lives here too.
 */
package dev.fathom.ui;
