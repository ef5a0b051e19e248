/**
 * Settings and where they come from: built-in defaults, then {@code $FATHOM_HOME/settings.json}, then the project's
 * {@code .fathom/settings.json} files from the repository root down to the working directory, then a {@code --config}
 * file, then environment variables, then command-line flags. What a project file may only set once trusted, and how
 * trust is pinned, is {@link dev.fathom.config.ProjectTrust} and {@link dev.fathom.config.TrustStore}.
 */
package dev.fathom.config;
