/** Where a session's files live under {@code FATHOM_HOME}; the append-only session log arrives here too. */
package dev.fathom.session;
