/**
 * What keeps a wrong or misled model from hurting the user: the workspace guard that confines file tools, and the
 * scrubbing of secrets from child-process environments. Approval policy and the sandbox arrive here too.
 */
package dev.fathom.safety;
