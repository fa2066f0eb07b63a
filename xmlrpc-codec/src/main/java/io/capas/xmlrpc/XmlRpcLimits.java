package io.capas.xmlrpc;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Limits applied by the readers; input past any of them fails with {@link
 * XmlRpcLimitExceededException} before the offending data is buffered.
 *
 * <p>Immutable and thread-safe.
 *
 * @param maxDepth nesting depth of values: a scalar parameter is depth 1, each array or struct adds
 *     one (1..10,000; the parser recurses once per level)
 * @param maxElements XML elements in the whole document
 * @param maxStringLength characters of one string, method name, member name or text of a scalar
 *     (base64 counts its encoded characters)
 * @param maxDocumentBytes bytes read from the input stream, as sent (before any transcoding)
 * @param maxCollectionSize members of one struct, elements of one array, params of one call
 */
public record XmlRpcLimits(
    int maxDepth,
    int maxElements,
    int maxStringLength,
    long maxDocumentBytes,
    int maxCollectionSize) {

  /** Default nesting depth. */
  public static final int DEFAULT_MAX_DEPTH = 64;

  private static final XmlRpcLimits DEFAULTS =
      new XmlRpcLimits(DEFAULT_MAX_DEPTH, 1_000_000, 8 * 1024 * 1024, 16L * 1024 * 1024, 200_000);

  public XmlRpcLimits {
    checkArgument(maxDepth >= 1 && maxDepth <= 10_000, "maxDepth out of 1..10000: %s", maxDepth);
    checkArgument(maxElements >= 1, "maxElements < 1: %s", maxElements);
    checkArgument(maxStringLength >= 1, "maxStringLength < 1: %s", maxStringLength);
    checkArgument(maxDocumentBytes >= 1, "maxDocumentBytes < 1: %s", maxDocumentBytes);
    checkArgument(maxCollectionSize >= 1, "maxCollectionSize < 1: %s", maxCollectionSize);
  }

  /**
   * Depth 64, 1,000,000 elements, strings of 8 Mi characters, documents of 16 MiB, 200,000 members
   * or elements per collection.
   */
  public static XmlRpcLimits defaults() {
    return DEFAULTS;
  }

  /** A copy with another depth limit. */
  public XmlRpcLimits withMaxDepth(int depth) {
    return new XmlRpcLimits(
        depth, maxElements, maxStringLength, maxDocumentBytes, maxCollectionSize);
  }

  /** A copy with another document size limit. */
  public XmlRpcLimits withMaxDocumentBytes(long bytes) {
    return new XmlRpcLimits(maxDepth, maxElements, maxStringLength, bytes, maxCollectionSize);
  }

  /** A copy with another string length limit. */
  public XmlRpcLimits withMaxStringLength(int chars) {
    return new XmlRpcLimits(maxDepth, maxElements, chars, maxDocumentBytes, maxCollectionSize);
  }

  /** A copy with another element count limit. */
  public XmlRpcLimits withMaxElements(int elements) {
    return new XmlRpcLimits(
        maxDepth, elements, maxStringLength, maxDocumentBytes, maxCollectionSize);
  }

  /** A copy with another collection size limit. */
  public XmlRpcLimits withMaxCollectionSize(int size) {
    return new XmlRpcLimits(maxDepth, maxElements, maxStringLength, maxDocumentBytes, size);
  }
}
