package dev.fathom.config;

import java.util.Collection;
import java.util.Locale;

/** Finds the known name a mistyped one was most likely meant to be, for "did you mean" hints. */
public final class DidYouMean {
    private DidYouMean() {
    }

    /**
     * The closest of {@code known} to {@code word}: within two edits (one for words of up to four characters), or a
     * name that {@code word} is a prefix of; null when none is close.
     */
    public static String closest(String word, Collection<String> known) {
        String w = word.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(w, k.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        int allowed = w.length() <= 4 ? 1 : 2;
        if (best != null && bestDistance <= allowed && bestDistance < w.length()) {
            return best;
        }
        for (String k : known) {
            if (w.length() >= 2 && k.toLowerCase(Locale.ROOT).startsWith(w)) {
                return k;
            }
        }
        return null;
    }

    /** "; did you mean 'x'?" or the empty string. */
    public static String hint(String word, Collection<String> known) {
        String c = closest(word, known);
        return c == null ? "" : "; did you mean '" + c + "'?";
    }

    /** Levenshtein distance, with a swap of two neighbours counted as one edit. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
