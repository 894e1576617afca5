package dev.lakehouse.workbench.curriculum;

/** A further-reading resource from the plan: kind is docs, video, blog, article, repo or paper. */
public record Resource(String title, String url, String kind, int minutes) {}
