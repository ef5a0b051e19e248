/**
 * Settings and where they come from: built-in defaults, then {@code $FATHOM_HOME/settings.json}, then the project's
 * {@code .fathom/settings.json}, then a {@code --config} file, then environment variables, then command-line flags.
 */
package dev.fathom.config;
