// SPDX-License-Identifier: MIT
/*
 * The one stylesheet of every page stet writes (`stet diff --format=html`
 * and all of `stet site`), inlined into each page so a page is one file
 * that makes no request. What it promises the reader: stealth is the
 * loudest thing on a page (a red badge and a red pill, the same pill the
 * index shows); at phone widths (under 40em, i.e. 360-640 px) the old and
 * new columns stack, old above new, tables become lists and long URLs or
 * words wrap, so nothing scrolls sideways; dark mode follows
 * prefers-color-scheme; print drops the colours for borders and strikes.
 * No script anywhere: folded context is <details>.
 */
#include "render.h"

static const char css[] =
        ":root{color-scheme:light dark;--fg:#222;--bg:#fff;--dim:#555;"
        "--line:#ddd;--del:#fdd;--delfg:#900;--ins:#dfd;--insfg:#060;"
        "--mov:#e8e4ff;--movfg:#43359a;--pill:#eef;--ctx:#777}"
        "@media (prefers-color-scheme:dark){:root{--fg:#ddd;--bg:#161616;"
        "--dim:#aaa;--line:#444;--del:#4a1f1f;--delfg:#ffb4b4;--ins:#1d3d1d;"
        "--insfg:#b5f0b5;--mov:#2e2950;--movfg:#d0c8ff;--pill:#2a2f45;"
        "--ctx:#999}a{color:#9cf}}"
        "*{box-sizing:border-box}"
        "body{font:16px/1.5 Georgia,serif;max-width:72em;margin:1em auto;"
        "padding:0 1em;color:var(--fg);background:var(--bg);"
        "overflow-wrap:anywhere}"
        "h1{font-size:1.4em;line-height:1.25}"
        "table{border-collapse:collapse;width:100%}"
        "td,th{text-align:left;vertical-align:top;padding:.3em .5em;"
        "border-top:1px solid var(--line)}"
        "th{font:bold 13px sans-serif;color:var(--dim)}"
        ".meta,.n,.kind,.side{font:13px/1.4 sans-serif;color:var(--dim)}"
        "code{font-size:.95em}"
        ".label{display:inline-block;font:12px sans-serif;"
        "background:var(--pill);border-radius:3px;padding:0 .4em;"
        "margin:0 .2em}"
        ".label.stealth{background:#c00;color:#fff;font-weight:bold}"
        ".label.gone{background:#666;color:#fff}"
        ".badge{font:bold 1.05em/1.3 sans-serif;padding:.5em .8em;"
        "margin:.5em 0;border-radius:4px;border-left:.4em solid}"
        ".badge.stealth{background:#c00;color:#fff;border-color:#600}"
        ".badge.gone{background:#444;color:#fff;border-color:#000}"
        ".badge.restored{background:#2a6b2a;color:#fff;border-color:#123}"
        "del{background:var(--del);color:var(--delfg)}"
        "ins{background:var(--ins);color:var(--insfg);text-decoration:none}"
        ".moved{background:var(--mov);color:var(--movfg);"
        "text-decoration:none}"
        ".change{border-top:1px solid var(--line);padding:.4em 0}"
        ".cols{display:grid;grid-template-columns:minmax(0,1fr) "
        "minmax(0,1fr);gap:1em}"
        ".cols>div{min-width:0}"
        ".head{font:bold 13px sans-serif;color:var(--dim);"
        "border-bottom:2px solid var(--line);padding-bottom:.3em}"
        ".removed{background:var(--del)}.added{background:var(--ins)}"
        ".ctx{color:var(--ctx);margin:.4em 0;border-left:3px solid "
        "var(--line);padding-left:.6em}"
        "details.fold{margin:.4em 0}"
        "details.fold>summary{font:13px sans-serif;color:var(--dim);"
        "cursor:pointer}"
        "p.block{margin:.6em 0}"
        ".side{display:none}"
        "@media (max-width:40em){body{padding:0 .6em}"
        ".cols{grid-template-columns:minmax(0,1fr);gap:.3em}"
        ".cols>div:empty{display:none}"
        ".side{display:block}.head{display:none}"
        "table,tbody,tr,td{display:block;width:100%}"
        "tr:first-child:has(th){display:none}"
        "th{display:none}td{border:0;padding:.1em 0}"
        "tr{border-top:1px solid var(--line);padding:.4em 0}}"
        "@media print{:root{--fg:#000;--bg:#fff;--dim:#333}"
        "body{max-width:none;font-size:11pt}"
        "a{color:inherit;text-decoration:none}"
        "del{text-decoration:line-through;background:none;color:#000}"
        "ins{text-decoration:underline;background:none;color:#000}"
        ".badge{background:none!important;color:#000!important;"
        "border:3px solid #000}"
        ".label.stealth{background:none;color:#000;border:1px solid #000}"
        ".change{break-inside:avoid}}";

const char *stet_render_css(void)
{
	return css;
}
