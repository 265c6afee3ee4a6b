// SPDX-License-Identifier: MIT
/*
 * Tables the extractor's heuristics read, as data: class and id words with
 * their weights, tag kinds, boilerplate line patterns and the phrases of
 * pages that hold no article. A word matches a whole token of a class or id
 * (tokens split at non-alphanumerics and at camelCase boundaries), or a
 * token's prefix when the row says so ("comment" matches "comments",
 * "commentlist"). The lists follow the vocabulary of news sites' markup
 * as observed in common extractors (Readability's and boilerpipe's
 * published word lists name the same furniture); no row names a site.
 */
#include "hints.h"

#include "ascii.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

enum { EXACT = 0, PREFIX = 1 };

struct word {
	const char *word;
	int weight;
	unsigned char prefix, unlikely, maybe, noise;
	unsigned char caption; /* the element is a figure's caption */
	unsigned char embed;   /* an embedded post the article quotes */
};

/* weight: +25 content, -25 furniture (Readability's scale). */
static const struct word words[] = {
	/* content */
	{ "article", 25, PREFIX, 0, 1, 0, 0, 0 },
	{ "body", 25, EXACT, 0, 1, 0, 0, 0 },
	{ "articlebody", 40, EXACT, 0, 1, 0, 0, 0 },
	{ "content", 25, PREFIX, 0, 1, 0, 0, 0 },
	{ "entry", 25, PREFIX, 0, 0, 0, 0, 0 },
	{ "hentry", 25, EXACT, 0, 0, 0, 0, 0 },
	{ "main", 25, EXACT, 0, 1, 0, 0, 0 },
	{ "post", 20, EXACT, 0, 0, 0, 0, 0 },
	{ "text", 25, EXACT, 0, 0, 0, 0, 0 },
	{ "blog", 10, EXACT, 0, 0, 0, 0, 0 },
	{ "story", 25, PREFIX, 0, 0, 0, 0, 0 },
	{ "column", 0, EXACT, 0, 1, 0, 0, 0 },
	{ "page", 10, EXACT, 0, 0, 0, 0, 0 },
	{ "prose", 25, EXACT, 0, 0, 0, 0, 0 },
	{ "richtext", 25, EXACT, 0, 0, 0, 0, 0 },
	{ "paragraph", 10, PREFIX, 0, 0, 0, 0, 0 },
	/* embedded posts quoted by the article ("social-media-embed") */
	{ "embed", 0, PREFIX, 0, 1, 0, 0, 1 },
	{ "twittertweet", 0, EXACT, 0, 1, 0, 0, 1 },
	{ "instagrammedia", 0, EXACT, 0, 1, 0, 0, 1 },
	/* furniture */
	{ "ad", -25, EXACT, 1, 0, 1, 0, 0 },
	{ "ads", -25, EXACT, 1, 0, 1, 0, 0 },
	{ "adv", -25, EXACT, 1, 0, 1, 0, 0 },
	{ "advert", -25, PREFIX, 1, 0, 1, 0, 0 },
	{ "adslot", -25, PREFIX, 1, 0, 1, 0, 0 },
	{ "adunit", -25, PREFIX, 1, 0, 1, 0, 0 },
	{ "dfp", -25, EXACT, 1, 0, 1, 0, 0 },
	{ "gpt", -25, EXACT, 1, 0, 1, 0, 0 },
	{ "sponsor", -25, PREFIX, 1, 0, 1, 0, 0 },
	{ "promo", -25, PREFIX, 1, 0, 1, 0, 0 },
	{ "banner", -25, PREFIX, 1, 0, 0, 0, 0 },
	{ "sidebar", -25, PREFIX, 1, 0, 1, 0, 0 },
	{ "rail", -25, EXACT, 1, 0, 1, 0, 0 },
	{ "aside", -25, EXACT, 1, 0, 1, 0, 0 },
	{ "widget", -25, PREFIX, 1, 0, 0, 0, 0 },
	{ "related", -25, PREFIX, 1, 0, 1, 0, 0 },
	{ "recommend", -25, PREFIX, 1, 0, 1, 0, 0 },
	{ "popular", -25, PREFIX, 1, 0, 1, 0, 0 },
	{ "mostread", -25, EXACT, 1, 0, 1, 0, 0 },
	{ "mostviewed", -25, EXACT, 1, 0, 1, 0, 0 },
	{ "mostpopular", -25, EXACT, 1, 0, 1, 0, 0 },
	{ "trending", -25, PREFIX, 1, 0, 1, 0, 0 },
	{ "share", -25, PREFIX, 1, 0, 1, 0, 0 },
	{ "sharing", -25, EXACT, 1, 0, 1, 0, 0 },
	{ "social", -25, PREFIX, 1, 0, 1, 0, 0 },
	{ "newsletter", -25, PREFIX, 1, 0, 1, 0, 0 },
	{ "subscribe", -25, PREFIX, 1, 0, 1, 0, 0 },
	{ "subscription", -25, PREFIX, 1, 0, 1, 0, 0 },
	{ "signup", -25, EXACT, 1, 0, 1, 0, 0 },
	/* Sites put the real text in a "paywall" box for subscribers. */
	{ "paywall", -5, PREFIX, 0, 0, 0, 0, 0 },
	{ "comment", -25, PREFIX, 1, 0, 1, 0, 0 },
	{ "disqus", -25, PREFIX, 1, 0, 1, 0, 0 },
	{ "replies", -25, EXACT, 1, 0, 1, 0, 0 },
	{ "footer", -25, PREFIX, 1, 0, 0, 0, 0 },
	{ "foot", -25, EXACT, 1, 0, 0, 0, 0 },
	{ "footnote", -10, EXACT, 0, 0, 0, 0, 0 },
	{ "nav", -25, PREFIX, 1, 0, 1, 0, 0 },
	{ "menu", -25, PREFIX, 1, 0, 1, 0, 0 },
	{ "breadcrumb", -25, PREFIX, 1, 0, 1, 0, 0 },
	{ "crumbs", -25, EXACT, 1, 0, 1, 0, 0 },
	{ "masthead", -25, EXACT, 1, 0, 0, 0, 0 },
	{ "header", -15, EXACT, 1, 0, 0, 0, 0 },
	{ "cookie", -25, PREFIX, 1, 0, 1, 0, 0 },
	{ "gdpr", -25, EXACT, 1, 0, 1, 0, 0 },
	{ "consent", -25, PREFIX, 1, 0, 1, 0, 0 },
	{ "tags", -25, EXACT, 1, 0, 1, 0, 0 },
	{ "tag", -10, EXACT, 0, 0, 0, 0, 0 },
	{ "topics", -15, EXACT, 1, 0, 1, 0, 0 },
	{ "bio", -15, EXACT, 0, 0, 0, 0, 0 },
	{ "authorbio", -25, EXACT, 1, 0, 1, 0, 0 },
	{ "authorinfo", -25, EXACT, 1, 0, 1, 0, 0 },
	{ "authorbox", -25, EXACT, 1, 0, 1, 0, 0 },
	{ "authordescription", -25, EXACT, 1, 0, 1, 0, 0 },
	{ "authorprofile", -25, EXACT, 1, 0, 1, 0, 0 },
	{ "authorcard", -25, EXACT, 1, 0, 1, 0, 0 },
	{ "authordetails", -25, EXACT, 1, 0, 1, 0, 0 },
	{ "aboutauthor", -25, EXACT, 1, 0, 1, 0, 0 },
	{ "abouttheauthor", -25, EXACT, 1, 0, 1, 0, 0 },
	{ "entryfooter", -25, EXACT, 1, 0, 1, 0, 0 },
	{ "postfooter", -25, EXACT, 1, 0, 1, 0, 0 },
	{ "articlefooter", -25, EXACT, 1, 0, 1, 0, 0 },
	{ "storyfooter", -25, EXACT, 1, 0, 1, 0, 0 },
	{ "outbrain", -25, PREFIX, 1, 0, 1, 0, 0 },
	{ "taboola", -25, PREFIX, 1, 0, 1, 0, 0 },
	{ "shoutbox", -25, EXACT, 1, 0, 1, 0, 0 },
	{ "skyscraper", -25, EXACT, 1, 0, 1, 0, 0 },
	{ "popup", -25, EXACT, 1, 0, 1, 0, 0 },
	{ "popover", -25, PREFIX, 1, 0, 1, 0, 0 },
	{ "tooltip", -25, PREFIX, 1, 0, 1, 0, 0 },
	{ "hovercard", -25, PREFIX, 1, 0, 1, 0, 0 },
	{ "modal", -25, EXACT, 1, 0, 1, 0, 0 },
	{ "overlay", -15, EXACT, 1, 0, 0, 0, 0 },
	{ "hidden", -25, EXACT, 0, 0, 0, 0, 0 },
	{ "print", -10, EXACT, 0, 0, 0, 0, 0 },
	{ "pagination", -10, EXACT, 1, 0, 1, 0, 0 },
	{ "pager", -10, EXACT, 1, 0, 1, 0, 0 },
	{ "rss", -25, EXACT, 1, 0, 1, 0, 0 },
	{ "contact", -10, EXACT, 0, 0, 0, 0, 0 },
	{ "login", -25, EXACT, 1, 0, 1, 0, 0 },
	{ "toolbar", -25, EXACT, 1, 0, 1, 0, 0 },
	{ "tools", -15, EXACT, 1, 0, 1, 0, 0 },
	{ "meta", -10, EXACT, 0, 0, 0, 0, 0 },
	{ "byline", -5, EXACT, 0, 0, 0, 0, 0 },
	{ "dateline", -5, EXACT, 0, 0, 0, 0, 0 },
	{ "timestamp", -10, EXACT, 0, 0, 0, 0, 0 },
	{ "caption", -5, EXACT, 0, 0, 0, 1, 0 },
	{ "figcaption", -5, EXACT, 0, 0, 0, 1, 0 },
	{ "credit", -10, EXACT, 0, 0, 0, 0, 0 },
	{ "combx", -25, EXACT, 1, 0, 1, 0, 0 },
	{ "community", -25, EXACT, 1, 0, 1, 0, 0 },
	{ "supplemental", -25, EXACT, 1, 0, 1, 0, 0 },
	{ "extra", -10, EXACT, 1, 0, 0, 0, 0 },
	{ "remark", -25, EXACT, 1, 0, 1, 0, 0 },
	{ "agegate", -25, EXACT, 1, 0, 1, 0, 0 },
	{ "newsfeed", -25, EXACT, 1, 0, 1, 0, 0 },
	{ "more", -10, EXACT, 0, 0, 0, 0, 0 },
	{ "readmore", -25, EXACT, 1, 0, 1, 0, 0 },
	{ "next", -10, EXACT, 0, 0, 0, 0, 0 },
	{ "prev", -10, EXACT, 0, 0, 0, 0, 0 },
	{ "teaser", -15, PREFIX, 1, 0, 1, 0, 0 },
	{ "follow", -15, EXACT, 1, 0, 1, 0, 0 },
	{ "sr", -10, EXACT, 0, 0, 1, 0, 0 },
	{ "gallery", -10, PREFIX, 0, 0, 1, 0, 0 },
	{ "slideshow", -25, PREFIX, 1, 0, 1, 0, 0 },
	{ "carousel", -25, PREFIX, 1, 0, 1, 0, 0 },
	{ "slider", -25, PREFIX, 1, 0, 1, 0, 0 },
	{ "lightbox", -25, PREFIX, 1, 0, 1, 0, 0 },
	{ "visually", -10, EXACT, 0, 0, 1, 0, 0 },
};

#define N_WORDS (sizeof(words) / sizeof(words[0]))

static bool is_alnum(int c)
{
	return stet_ascii_is_alnum(c);
}

/*
 * words[] indexed by first letter: a token is compared with the rows that
 * start like it only. Built once (pthread_once), read-only after.
 */
static unsigned char bucket_rows[26][N_WORDS];
static unsigned char bucket_len[26];
static pthread_once_t buckets_once = PTHREAD_ONCE_INIT;

static void build_buckets(void)
{
	size_t i;

	for (i = 0; i < N_WORDS; i++) {
		int c = words[i].word[0] - 'a';

		if (c >= 0 && c < 26)
			bucket_rows[c][bucket_len[c]++] = (unsigned char)i;
	}
}

static void match_token(struct stet_hints_class *h, const char *t, size_t n)
{
	size_t r, k;
	int c = t[0] - 'a';

	if (c < 0 || c >= 26)
		return;
	for (r = 0; r < bucket_len[c]; r++) {
		const struct word *w = &words[bucket_rows[c][r]];

		k = strlen(w->word);
		if (k > n || memcmp(w->word, t, k) != 0)
			continue;
		if (k < n && !w->prefix)
			continue;
		h->weight += w->weight;
		h->unlikely |= w->unlikely;
		h->maybe |= w->maybe;
		h->noise |= w->noise;
		h->caption |= w->caption;
		h->embed |= w->embed;
	}
}

struct tokenizer {
	struct stet_hints_class local;
	char tok[40], comp[64];
	size_t k, ck;
	int parts;
	bool tover, cover;
};

static void end_token(struct tokenizer *t)
{
	if (t->k && !t->tover)
		match_token(&t->local, t->tok, t->k);
	if (t->k)
		t->parts++;
	t->k = 0;
	t->tover = false;
}

static void end_compound(struct tokenizer *t)
{
	if (t->parts > 1 && !t->cover && t->ck)
		match_token(&t->local, t->comp, t->ck);
	t->ck = 0;
	t->parts = 0;
	t->cover = false;
}

void stet_hints_classify(struct stet_hints_class *h, const char *s, size_t n)
{
	struct tokenizer t;
	size_t i;

	pthread_once(&buckets_once, build_buckets);
	memset(&t, 0, sizeof(t));
	/*
	 * Each token is matched, and so is each run of tokens joined by
	 * '-', '_' or camelCase ("most-read", "mostRead" as "mostread").
	 */
	for (i = 0; i <= n; i++) {
		int c = i < n ? (unsigned char)s[i] : ' ';

		if (is_alnum(c)) {
			if (t.k && c >= 'A' && c <= 'Z' && s[i - 1] >= 'a' &&
			    s[i - 1] <= 'z')
				end_token(&t);
			if (t.k < sizeof(t.tok))
				t.tok[t.k++] = (char)stet_ascii_lower(c);
			else
				t.tover = true;
			if (t.ck < sizeof(t.comp))
				t.comp[t.ck++] = (char)stet_ascii_lower(c);
			else
				t.cover = true;
			continue;
		}
		end_token(&t);
		if (c != '-' && c != '_')
			end_compound(&t);
	}
	/* One attribute moves the weight by at most 25 either way. */
	if (t.local.weight > 25)
		t.local.weight = 25;
	if (t.local.weight < -25)
		t.local.weight = -25;
	h->weight += t.local.weight;
	h->unlikely |= t.local.unlikely;
	h->maybe |= t.local.maybe;
	h->noise |= t.local.noise;
	h->caption |= t.local.caption;
	h->embed |= t.local.embed;
}

struct tag_row {
	const char *name;
	enum stet_hints_tag kind;
};

/* Sorted by name (tag_from indexes it); tags not listed are inline (OTHER). */
static const struct tag_row tags[] = {
	{ "a", STET_HINTS_TAG_LINK },
	{ "address", STET_HINTS_TAG_PARA },
	{ "article", STET_HINTS_TAG_SECTIONING },
	{ "aside", STET_HINTS_TAG_CHROME },
	{ "audio", STET_HINTS_TAG_DROP },
	{ "blockquote", STET_HINTS_TAG_QUOTE },
	{ "body", STET_HINTS_TAG_BLOCK },
	{ "br", STET_HINTS_TAG_BR },
	{ "button", STET_HINTS_TAG_DROP },
	{ "canvas", STET_HINTS_TAG_DROP },
	{ "caption", STET_HINTS_TAG_CAPTION },
	{ "center", STET_HINTS_TAG_BLOCK },
	{ "dd", STET_HINTS_TAG_ITEM },
	{ "details", STET_HINTS_TAG_BLOCK },
	{ "dialog", STET_HINTS_TAG_DROP },
	{ "div", STET_HINTS_TAG_SECTIONING },
	{ "dl", STET_HINTS_TAG_LIST },
	{ "dt", STET_HINTS_TAG_ITEM },
	{ "embed", STET_HINTS_TAG_DROP },
	{ "fieldset", STET_HINTS_TAG_BLOCK },
	{ "figcaption", STET_HINTS_TAG_CAPTION },
	{ "figure", STET_HINTS_TAG_BLOCK },
	{ "footer", STET_HINTS_TAG_CHROME },
	{ "form", STET_HINTS_TAG_BLOCK },
	{ "h1", STET_HINTS_TAG_HEAD },
	{ "h2", STET_HINTS_TAG_HEAD },
	{ "h3", STET_HINTS_TAG_HEAD },
	{ "h4", STET_HINTS_TAG_HEAD },
	{ "h5", STET_HINTS_TAG_HEAD },
	{ "h6", STET_HINTS_TAG_HEAD },
	{ "head", STET_HINTS_TAG_DROP },
	{ "header", STET_HINTS_TAG_CHROME },
	{ "hgroup", STET_HINTS_TAG_BLOCK },
	{ "hr", STET_HINTS_TAG_BR },
	{ "html", STET_HINTS_TAG_BLOCK },
	{ "iframe", STET_HINTS_TAG_DROP },
	{ "img", STET_HINTS_TAG_DROP },
	{ "input", STET_HINTS_TAG_DROP },
	{ "label", STET_HINTS_TAG_DROP },
	{ "li", STET_HINTS_TAG_ITEM },
	{ "main", STET_HINTS_TAG_SECTIONING },
	{ "map", STET_HINTS_TAG_DROP },
	{ "math", STET_HINTS_TAG_DROP },
	{ "menu", STET_HINTS_TAG_DROP },
	{ "nav", STET_HINTS_TAG_DROP },
	{ "noscript", STET_HINTS_TAG_DROP },
	{ "object", STET_HINTS_TAG_DROP },
	{ "ol", STET_HINTS_TAG_LIST },
	{ "option", STET_HINTS_TAG_DROP },
	{ "p", STET_HINTS_TAG_PARA },
	{ "picture", STET_HINTS_TAG_DROP },
	{ "pre", STET_HINTS_TAG_PARA },
	{ "script", STET_HINTS_TAG_DROP },
	{ "section", STET_HINTS_TAG_SECTIONING },
	{ "select", STET_HINTS_TAG_DROP },
	{ "source", STET_HINTS_TAG_DROP },
	{ "style", STET_HINTS_TAG_DROP },
	{ "summary", STET_HINTS_TAG_BLOCK },
	{ "svg", STET_HINTS_TAG_DROP },
	{ "table", STET_HINTS_TAG_TABLE },
	{ "tbody", STET_HINTS_TAG_BLOCK },
	{ "td", STET_HINTS_TAG_CELL },
	{ "template", STET_HINTS_TAG_DROP },
	{ "textarea", STET_HINTS_TAG_DROP },
	{ "tfoot", STET_HINTS_TAG_BLOCK },
	{ "th", STET_HINTS_TAG_CELL },
	{ "thead", STET_HINTS_TAG_BLOCK },
	{ "title", STET_HINTS_TAG_DROP },
	{ "tr", STET_HINTS_TAG_BLOCK },
	{ "ul", STET_HINTS_TAG_LIST },
	{ "video", STET_HINTS_TAG_DROP },
};

#define N_TAGS (sizeof(tags) / sizeof(tags[0]))

/*
 * Where each first letter's rows start in tags[] (tag_from[26]: the end).
 * Every element of every walk asks for its kind, some twice: a bsearch
 * cost about 110 instructions of strcmp calls a lookup (issue 18), the
 * few rows of one letter compared in place cost a fraction. Built once
 * (pthread_once), read-only after.
 */
static pthread_once_t tags_once = PTHREAD_ONCE_INIT;
static unsigned char tag_from[27];

static void index_tags(void)
{
	size_t c, k = 0;

	for (c = 0; c < 26; c++) {
		while (k < N_TAGS && (unsigned char)tags[k].name[0] < 'a' + c)
			k++;
		tag_from[c] = (unsigned char)k;
	}
	tag_from[26] = (unsigned char)N_TAGS;
}

enum stet_hints_tag stet_hints_tag(const char *name)
{
	unsigned char c = (unsigned char)name[0];
	size_t k;

	if (c < 'a' || c > 'z')
		return STET_HINTS_TAG_OTHER; /* every row is lower case */
	pthread_once(&tags_once, index_tags);
	for (k = tag_from[c - 'a']; k < tag_from[c - 'a' + 1]; k++)
		if (tags[k].name[1] == name[1] &&
		    (!name[1] || strcmp(tags[k].name + 2, name + 2) == 0))
			return tags[k].kind;
	return STET_HINTS_TAG_OTHER;
}

int stet_hints_tag_score(const char *name)
{
	static const struct {
		const char *name;
		int score;
	} scores[] = {
		{ "div", 5 },        { "article", 10 }, { "main", 5 },
		{ "section", 3 },    { "pre", 3 },      { "td", 3 },
		{ "blockquote", 3 }, { "address", -3 }, { "ol", -3 },
		{ "ul", -3 },        { "dl", -3 },      { "dd", -3 },
		{ "dt", -3 },        { "li", -3 },      { "form", -3 },
		{ "h1", -5 },        { "h2", -5 },      { "h3", -5 },
		{ "h4", -5 },        { "h5", -5 },      { "h6", -5 },
		{ "th", -5 },
	};
	size_t i;

	for (i = 0; i < sizeof(scores) / sizeof(scores[0]); i++)
		if (strcmp(scores[i].name, name) == 0)
			return scores[i].score;
	return 0;
}

const char *const stet_hints_boilerplate[] = {
	/* ad labels */
	"^(advertisement|advertising|advert|ad|anzeige|publicit[eé]|"
	"sponsored( content)?|paid content|story continues below( "
	"advertisement)?|article continues below( advertisement)?|"
	"continue reading below|scroll to continue( with content)?)$",
	/* page controls left alone on a line */
	"^(by|text size|font size|listen|listen to (this )?(article|story)|"
	"print|print this (article|page)|close|menu|search|loading\\.*|"
	"play|play video|watch|watch video|view gallery|enlarge( this)? "
	"image|toggle caption|hide caption|show caption|skip to "
	"(main )?content|back to top)[.:]?$",
	/* share and follow prompts */
	"^(share|share this( article| story)?|share on (facebook|twitter|"
	"linkedin|whatsapp|email)|tweet|email|print|copy link|"
	"follow us( on .{1,30})?|like us on facebook)[.:!]?$",
	/* read more / related lead-ins */
	"^(read more|read next|more:|related:|see also:|recommended:|"
	"read more:|continue reading|click here to read more)\\b.{0,120}$",
	/* relative times */
	"^(updated|posted|published|last updated)?:?\\s*(about |over |"
	"less than )?(an?|\\d+) (seconds?|secs?|minutes?|mins?|hours?|hrs?|"
	"days?|weeks?|months?|years?) ago$",
	"^(updated|posted|published)?:?\\s*(just now|yesterday|today)$",
	/* counters */
	"^[\\d.,]+\\s?[km]?\\s+(shares?|comments?|views?|likes?|reads?|"
	"reactions?)$",
	"^(shares?|comments?|views?)\\s*:?\\s*[\\d.,]+\\s?[km]?$",
	/* newsletter pitches: an imperative "Sign up"/"Subscribe" sentence */
	"(?#needs:newsletter)"
	"^(?=.{0,400}$).*(?:^|[.!?]\\s+)(?:sign up|subscribe)\\b[^.!?]{0,80}"
	"\\bnewsletters?\\b.*$",
	/* subscription and cookie prompts */
	"^(sign up|subscribe)( now| today)?( (to|for) (our|the) "
	".{0,40}newsletter.{0,60})?[.!]?$",
	"^we use cookies\\b.{0,300}$",
	/* agency photo captions */
	"^in this .{0,80}\\b(?:file )?(?:photo|image|picture|photograph)\\b"
	".{0,400}$",
	/* rail titles left alone on a line */
	"^(?:sponsored links?|you may also (?:like|be interested in)|you might "
	"(?:also )?like|recommended(?: for you)?|more (?:stories|news|from "
	".{1,40})|related (?:articles|stories|posts|content|coverage|news)|"
	"most (?:read|popular|viewed|shared)|trending(?: now)?|"
	"don't miss|editor's picks|top stories)[.:\u2026]*$",
	/* WordPress shortcodes a plugin failed to expand */
	"^\\[([a-z_]+)\\b[^\\]]*\\].*\\[/\\1\\]$",
	/* filing lines: "Category: Health - Tags: cars, crime" */
	"(?#needs::)"
	"^(?=.{0,240}$)(?:.*[|\u00b7\u2022-]\\s*)?(?:tags?|tagged|"
	"categor(?:y|ies|ia|ie)|filed under|posted in)\\s*:.*$",
	/* site footer lines */
	"^(?:\u00a9|\\(c\\)|copyright\\b).{0,200}$",
	"(?#needs:all rights reserved)"
	"^.{0,120}\\ball rights reserved\\b.{0,120}$",
	"^(?:report (?:an )?(?:error|typo|a correction)|send feedback|"
	"feedback|comments?|leave a comment|view comments|show comments|"
	"post a comment|join the conversation|sign in|log in|register)[.:!]?$",
	"(?#needs:terms |policy)"
	"^.{0,100}\\b(?:terms (?:of (?:use|service)|(?:&|and) conditions)|"
	"privacy policy|cookie policy)\\b.{0,100}$",
	/* image counters ("6", "1/12") and credit labels */
	"^[\\d\\s/|.()-]{1,12}$",
	"^(?:caption|credit|image|photo|enlarge|expand|close)$",
	/* image credits alone on a line */
	"^(photo|image|picture|credit|source|photograph|file photo)"
	"( by)?:.{0,80}$",
	NULL,
};

#define MONTH "(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?"

const char *const stet_hints_lead_lines[] = {
	/* bylines, names in group 1, a dateline may follow a separator */
	"^(?:by|written by|words by|reporting by|story by|text by|von|par|"
	"por)\\s+((?-i:\\p{Lu})[\\p{L}'\u2019.-]*(?:\\s+(?:(?-i:\\p{Lu})"
	"[\\p{L}'\u2019.-]*|and|&|,|de|da|van|von|der|di|du|le|la|y|and))*)"
	",?\\s*(?:[\u00b7|\u2022\u2014\u2013,-]\\s*.{0,120})?$",
	/* "Published Nov 18, 2019 at 4:07 PM | Updated 5:36 PM", also
	 * after a short credit ("The Associated Press Published ...") */
	"^(?:(?=.{0,120}$)[^,.]{1,60}\\s)?(?:published|updated|posted|"
	"last updated|first "
	"published|"
	"originally published|modified)\\b:?(?=.*(?:\\d{1,2}:\\d{2}|" MONTH
	"\\s+\\d|\\d{4}-\\d{2}-\\d{2}|\\d{1,2}/\\d{1,2}/\\d{2,4}|"
	"\\bago\\b)).{0,200}$",
	/* a date alone, with an optional time and author name */
	"^(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\\.?,?\\s+)?(?:" MONTH
	"\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4}|\\d{1,2}(?:st|nd|rd|th)?"
	"\\s+" MONTH ",?\\s+\\d{4}|\\d{4}-\\d{2}-\\d{2}|"
	"\\d{1,2}[./]\\d{1,2}[./]\\d{2,4})(?:,?\\s+(?:at\\s+)?\\d{1,2}[:.]"
	"\\d{2}(?:\\s*[ap]\\.?m\\.?)?(?:\\s+[a-z]{2,5})?)?"
	"(?:\\s*[|\u00b7\u2022,-]?\\s*(?:by\\s+)?(?-i:\\p{Lu})[\\p{L}'\u2019.-]"
	"+"
	"(?:\\s+(?-i:\\p{Lu})[\\p{L}'\u2019.-]+){0,3})?$",
	/* a dateline in any language: a year and a time, no sentence */
	"^(?=.{0,80}$)(?=.*\\b(?:19|20)\\d{2}\\b)(?=.*\\b\\d{1,2}[:h]\\d{2}\\b)"
	"[^.!?]*$",
	NULL,
};

const char *const stet_hints_no_article[] = {
	"enable javascript",
	"javascript is disabled",
	"javascript is required",
	"please enable cookies",
	"are you a robot",
	"verify you are human",
	"checking your browser",
	"access denied",
	"403 forbidden",
	"404 not found",
	"page not found",
	"subscribe to continue reading",
	"this content is for subscribers",
	"to continue reading",
	NULL,
};
