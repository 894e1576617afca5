package dev.lakehouse.workbench.curriculum.internal;

import com.vladsch.flexmark.ast.Image;
import com.vladsch.flexmark.ast.Link;
import com.vladsch.flexmark.html.AttributeProvider;
import com.vladsch.flexmark.html.IndependentAttributeProviderFactory;
import com.vladsch.flexmark.html.renderer.AttributablePart;
import com.vladsch.flexmark.html.renderer.LinkResolverContext;
import com.vladsch.flexmark.util.ast.Node;
import com.vladsch.flexmark.util.html.MutableAttributes;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Keeps a lesson's links and images harmless, whoever wrote the file: links may be http, https, mailto
 * or relative (another day, an anchor), compared case-insensitively after dropping the control and
 * space characters browsers ignore; anything else ({@code javascript:}, {@code data:text/html},
 * {@code file:}) loses its target. Images may only be relative files (inlined later from the content
 * folders) or {@code data:image/...}: a lesson never fetches anything from the network.
 */
final class SafeLinks implements AttributeProvider {

  private static final Pattern SCHEME = Pattern.compile("^([a-z][a-z0-9+.-]*):.*", Pattern.DOTALL);

  static IndependentAttributeProviderFactory factory() {
    return new IndependentAttributeProviderFactory() {
      @Override
      public AttributeProvider apply(LinkResolverContext context) {
        return new SafeLinks();
      }
    };
  }

  @Override
  public void setAttributes(Node node, AttributablePart part, MutableAttributes attributes) {
    if (node instanceof Link && attributes.contains("href") && !linkAllowed(attributes.getValue("href"))) {
      attributes.remove("href");
      attributes.replaceValue("title", "link removed: only web, mail and lesson links are allowed");
    } else if (node instanceof Image && attributes.contains("src") && !imageAllowed(attributes.getValue("src"))) {
      attributes.remove("src");
    }
  }

  /** The scheme of a URL as a browser reads it (control characters and spaces dropped), or null. */
  static String scheme(String url) {
    String s = url.replaceAll("[\\x00-\\x20\\x7f]", "").toLowerCase(Locale.ROOT);
    var m = SCHEME.matcher(s);
    return m.matches() ? m.group(1) : null;
  }

  static boolean linkAllowed(String url) {
    String scheme = scheme(url);
    return scheme == null || scheme.equals("http") || scheme.equals("https") || scheme.equals("mailto");
  }

  static boolean imageAllowed(String url) {
    String scheme = scheme(url);
    return scheme == null || scheme.equals("data") && url.strip().toLowerCase(Locale.ROOT).matches("data:image/(png|jpeg|gif|svg\\+xml)[;,].*");
  }
}
