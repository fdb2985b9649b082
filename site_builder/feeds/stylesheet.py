"""The XSL stylesheet that turns an RSS or Atom feed into a readable page.

A person who clicks a feed link sees the feed's title, its address to copy
into a reader, and the latest items, instead of raw XML. Feed readers
ignore the ``<?xml-stylesheet?>`` instruction. This is a static document
(no values are put into it), served as ``assets/feed.xsl``.
"""
from __future__ import annotations

STYLESHEET = """<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:atom="http://www.w3.org/2005/Atom"
    exclude-result-prefixes="atom">
  <xsl:output method="html" encoding="UTF-8" indent="yes" doctype-system="about:legacy-compat"/>

  <xsl:variable name="title" select="/rss/channel/title | /atom:feed/atom:title"/>
  <xsl:variable name="description" select="/rss/channel/description | /atom:feed/atom:subtitle"/>
  <xsl:variable name="self" select="/rss/channel/atom:link[@rel='self']/@href | /atom:feed/atom:link[@rel='self']/@href"/>
  <xsl:variable name="home" select="/rss/channel/link | /atom:feed/atom:link[@rel='alternate']/@href"/>

  <xsl:template match="/">
    <html lang="{/rss/channel/language | /atom:feed/@xml:lang}">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="robots" content="noindex"/>
        <title><xsl:value-of select="$title"/> (web feed)</title>
        <style>
          body { font: 1.05rem/1.5 system-ui, sans-serif; margin: 0; color: #1a1a1a; background: #fafafa; }
          main { max-width: 42rem; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
          .about { background: #fff6d6; border: 1px solid #e8d48a; border-radius: .5rem; padding: .75rem 1rem; }
          code { display: block; overflow-wrap: anywhere; background: #fff; border: 1px solid #ccc; padding: .5rem; margin-top: .5rem; }
          article { border-top: 1px solid #ddd; padding: .5rem 0; }
          h2 { font-size: 1.15rem; margin: .5rem 0 .25rem; }
          .date { color: #555; font-size: .9rem; margin: 0; }
          a { color: #0645ad; }
        </style>
      </head>
      <body>
        <main>
          <div class="about">
            <p><strong>This is a web feed.</strong> Subscribe by copying this address into your feed reader
              (for example NetNewsWire, Feedly, Thunderbird or newsboat):</p>
            <code><xsl:value-of select="$self"/></code>
          </div>
          <h1><xsl:value-of select="$title"/></h1>
          <p><xsl:value-of select="$description"/></p>
          <p><a href="{$home}">Visit the website</a></p>
          <xsl:apply-templates select="/rss/channel/item | /atom:feed/atom:entry"/>
        </main>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="item">
    <article>
      <h2><a href="{link}"><xsl:value-of select="title"/></a></h2>
      <p class="date"><xsl:value-of select="pubDate"/></p>
      <p><xsl:value-of select="description"/></p>
    </article>
  </xsl:template>

  <xsl:template match="atom:entry">
    <article>
      <h2><a href="{atom:link[@rel='alternate']/@href}"><xsl:value-of select="atom:title"/></a></h2>
      <p class="date"><xsl:value-of select="substring(atom:published, 1, 10)"/></p>
      <p><xsl:value-of select="atom:summary"/></p>
    </article>
  </xsl:template>
</xsl:stylesheet>
"""
