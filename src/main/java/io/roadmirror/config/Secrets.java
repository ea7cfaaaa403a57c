package io.roadmirror.config;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What is a secret among settings, and how it is shown instead: never. Used by every toString(),
 * error message and log line that may carry configuration.
 */
public final class Secrets {
    public static final String HIDDEN = "[hidden]";

    /** Name fragments of settings whose values are secrets (Kafka's Password-typed configs among them). */
    private static final String[] SECRET_NAME_PARTS = {
        "password", "secret", "token", "jaas", "user.info", "credential", "ssl.keystore.key", "private"
    };
    /** user:password@ (or just user@) between a scheme and a host. */
    private static final Pattern URL_USER_INFO = Pattern.compile("(?<=://)[^/@\\s]+@");

    private Secrets() {}

    public static boolean isSecret(String settingName) {
        String name = settingName.toLowerCase(Locale.ROOT);
        for (String part : SECRET_NAME_PARTS) {
            if (name.contains(part)) {
                return true;
            }
        }
        return false;
    }

    /** The value as it may be shown: hidden when the setting is a secret, else with any URL credentials masked. */
    public static String shown(String settingName, String value) {
        if (value == null) {
            return null;
        }
        return isSecret(settingName) ? HIDDEN : withoutUrlCredentials(value);
    }

    /** Masks the user-info part of every URL in the text (http://user:pass@host → http://[hidden]@host). */
    public static String withoutUrlCredentials(String text) {
        return text == null ? null : URL_USER_INFO.matcher(text).replaceAll(HIDDEN + "@");
    }

    /** The URI without its user-info part. */
    public static URI withoutUserInfo(URI uri) {
        if (uri.getRawUserInfo() == null) {
            return uri;
        }
        return URI.create(uri.toString().replaceFirst(Pattern.quote(uri.getRawUserInfo() + "@"), ""));
    }

    /** Settings as they may be printed, sorted by name. */
    public static Map<String, String> shown(Map<String, String> settings) {
        Map<String, String> out = new TreeMap<>();
        settings.forEach((name, value) -> out.put(name, shown(name, value)));
        return out;
    }
}
