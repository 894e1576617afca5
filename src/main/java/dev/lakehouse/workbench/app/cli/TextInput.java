package dev.lakehouse.workbench.app.cli;

import dev.lakehouse.workbench.common.WorkbenchException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Text a verb reads from a file or standard input ({@code -}): UTF-8, strictly decoded, with a leading
 * byte-order mark dropped. Bytes that are not UTF-8 are refused with the position of the first one,
 * never replaced silently or reported as "Input length = 1".
 */
final class TextInput {

  private TextInput() {}

  static String read(Path file, InputStream stdin) {
    byte[] bytes;
    String name = file.toString().equals("-") ? "standard input" : file.toString();
    try {
      bytes = file.toString().equals("-") ? stdin.readAllBytes() : Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new WorkbenchException(WorkbenchException.Kind.BAD_INPUT, "cannot read " + name, "there is no such file", "check the path");
    } catch (AccessDeniedException e) {
      throw new WorkbenchException(WorkbenchException.Kind.BAD_INPUT, "cannot read " + name, "permission denied",
          "check the file's permissions");
    } catch (IOException e) {
      throw new WorkbenchException(WorkbenchException.Kind.BAD_INPUT, "cannot read " + name,
          Files.isDirectory(file) ? "it is a folder" : String.valueOf(e.getMessage()), "give a text file");
    }
    return decode(bytes, name);
  }

  static String decode(byte[] bytes, String name) {
    CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    String text;
    try {
      text = d.decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      int at = firstBadByte(bytes);
      throw new WorkbenchException(WorkbenchException.Kind.BAD_INPUT, name + " is not UTF-8 text",
          "byte " + at + " cannot start or continue a UTF-8 character (saved as Latin-1 or Windows-1252?)",
          "save the file as UTF-8 and run it again");
    }
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  private static int firstBadByte(byte[] bytes) {
    CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length + 1);
    d.decode(in, out, true);
    return in.position() + 1;
  }
}
