package io.tickwire.app.config;

import java.util.function.Predicate;

/**
 * One configuration key: its property name (config file, {@code --set}), its environment name, its default
 * (null: unset), what it accepts and a check of a value.
 *
 * @param property    dotted name, e.g. {@code http.port}.
 * @param env         environment name, e.g. {@code TICKWIRE_HTTP_PORT}.
 * @param defaultValue default, or null for unset.
 * @param accepts     what a valid value looks like, for the one-line error.
 * @param check       true for a valid value.
 * @param secret      whether the value must never be logged.
 * @param description one line for docs/configuration.md.
 */
public record Setting(
    String property,
    String env,
    String defaultValue,
    String accepts,
    Predicate<String> check,
    boolean secret,
    String description)
{
}
