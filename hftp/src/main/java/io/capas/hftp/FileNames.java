package io.capas.hftp;

/**
 * The file names HFTP serves: letters, digits, {@code .}, {@code -} and {@code _}, at most {@link
 * #MAX_LENGTH} of them, and neither {@code .} nor {@code ..}. Such a name can only ever name an
 * entry of the served directory itself, never a path elsewhere.
 */
final class FileNames {

  /** Longer than any name a common file system (255 bytes) holds. */
  static final int MAX_LENGTH = 1024;

  private FileNames() {}

  static boolean isValid(String name) {
    if (name.isEmpty() || name.length() > MAX_LENGTH || name.equals(".") || name.equals("..")) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '-'
              || c == '_';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
