from datetime import date

import pytest

from articles.model import article_id
from articles.readers import read_file
from articles.readers.feed import parse_feed

RSS = """\
<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
<title>Example World News</title><link>https://news.example.org/</link>
<description>World news</description>
<copyright>© Example News</copyright>
<item>
  <title>Cholera cases rise in &lt;b&gt;Sana'a&lt;/b&gt;</title>
  <link>https://news.example.org/cholera-sanaa</link>
  <pubDate>Tue, 02 May 2017 09:30:00 GMT</pubDate>
  <description>&lt;p&gt;Cholera cases rose in Sana&amp;apos;a, Yemen, on Monday.&lt;/p&gt;
  &lt;p&gt;Aid groups asked for &lt;b&gt;clean water&lt;/b&gt;.
  &lt;script&gt;x()&lt;/script&gt;&lt;/p&gt;</description>
</item>
<item>
  <guid>urn:example:empty-2</guid>
  <pubDate>Tue, 02 May 2017 10:00:00 GMT</pubDate>
</item>
<item>
  <title>Landslide blocks road near Kathmandu</title>
  <link>javascript:alert(1)</link>
</item>
</channel></rss>
"""

ATOM = """\
<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Example Atom</title>
  <id>urn:example:feed</id>
  <updated>2020-01-15T12:00:00Z</updated>
  <rights>CC BY 4.0 Example</rights>
  <entry>
    <title type="html">Wildfire &lt;em&gt;near&lt;/em&gt; Sydney</title>
    <link rel="alternate" href="https://atom.example.org/wildfire"/>
    <id>urn:example:1</id>
    <published>2020-01-14T23:00:00Z</published>
    <updated>2020-01-15T01:00:00Z</updated>
    <author><name>Kim Lee</name></author>
    <summary>Short summary.</summary>
    <content type="html">&lt;p&gt;A wildfire burned near Sydney.&lt;/p&gt;&lt;p&gt;Roads to
      Katoomba were closed.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Plain text entry</title>
    <id>urn:example:2</id>
    <updated>2020-01-15T02:00:00Z</updated>
    <content type="text">Snow closed roads in Quebec &lt;and&gt; Ontario.</content>
  </entry>
</feed>
"""


def test_rss_entries_become_articles_and_a_broken_entry_is_a_problem(write):
    path = write("world.rss", RSS)
    result = read_file(path)
    cholera, landslide = result.articles
    assert cholera.title == "Cholera cases rise in Sana'a"
    assert (
        cholera.text
        == "Cholera cases rose in Sana'a, Yemen, on Monday.\n\nAid groups asked for clean water."
    )
    assert cholera.url == "https://news.example.org/cholera-sanaa"
    assert cholera.id == article_id(cholera.url, cholera.text)
    assert cholera.published == date(2017, 5, 2)
    assert cholera.source == f"{path}#1"
    assert cholera.credit == "© Example News"
    # A headline-only entry keeps its title as text; its script link is dropped.
    assert (landslide.text, landslide.url) == ("Landslide blocks road near Kathmandu", None)
    (problem,) = result.problems
    assert problem.path == f"{path}#2"
    assert "no title and no text" in problem.reason and "urn:example:empty-2" in problem.reason


def test_atom_feed_uses_content_over_summary_and_keeps_plain_text_as_is(write):
    result = read_file(write("feed.atom", ATOM))
    assert result.problems == ()
    wildfire, snow = result.articles
    assert wildfire.title == "Wildfire near Sydney"
    assert wildfire.text == "A wildfire burned near Sydney.\n\nRoads to Katoomba were closed."
    assert wildfire.url == "https://atom.example.org/wildfire"
    assert wildfire.published == date(2020, 1, 14)
    assert (wildfire.byline, wildfire.credit) == ("Kim Lee", "CC BY 4.0 Example")
    assert snow.text == "Snow closed roads in Quebec <and> Ontario."
    assert snow.published == date(2020, 1, 15)  # no published date: the updated one


def test_an_xml_file_that_is_a_feed_is_read_as_one(write):
    assert len(read_file(write("export.xml", ATOM)).articles) == 2


def test_an_xml_file_that_is_not_a_feed_is_a_problem(write):
    path = write("data.xml", '<?xml version="1.0"?><catalog><book id="1"/></catalog>')
    result = read_file(path)
    assert result.articles == ()
    assert result.problems[0].path == str(path)
    assert "not an RSS or Atom feed" in result.problems[0].reason


def test_a_feed_file_naming_a_local_path_is_not_opened(tmp_path):
    secret = tmp_path / "secret.xml"
    secret.write_text(ATOM)
    result = parse_feed(str(secret), "evil.rss")
    assert result.articles == ()
    assert result.problems[0].path == "evil.rss"


def test_a_truncated_feed_reads_what_it_can_and_says_so():
    truncated = RSS[: RSS.index("<item>\n  <guid>")] + "<item><title>Cut"
    result = parse_feed(truncated, "cut.rss")
    assert result.articles[0].title == "Cholera cases rise in Sana'a"
    assert any("not well-formed" in p.reason for p in result.problems)


def test_a_latin1_feed_declaring_its_encoding_decodes_right(write):
    feed = RSS.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"').replace("Yemen", "Bogotá")
    (article, _) = read_file(write("latin.rss", feed, encoding="latin-1")).articles
    assert "Bogotá, on Monday" in article.text


def test_garbled_declaration_and_control_characters_do_not_break_the_feed(write):
    feed = RSS.replace('encoding="UTF-8"', 'encoding="UT\xe3F-8"').replace("Monday", "Mon&#1;day")
    result = read_file(write("garbled.rss", feed, encoding="latin-1"))
    assert "Yemen, on Monday." in result.articles[0].text


THREE = """\
<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<title>Three stories</title><copyright>CC BY 4.0 Example</copyright>
<item><title>Clashes in Mosul</title><link>https://news.example.org/mosul</link>
<dc:creator>Ana Ruiz</dc:creator><description>Fighting was reported in Mosul.</description></item>
<item><title>Flood in Dhaka{bad}</title><link>https://news.example.org/dhaka</link>
<description>Rivers rose in Dhaka{bad}.</description></item>
<item><title>Quake in Nepal</title><link>https://news.example.org/nepal</link>
<description>A quake shook Pokhara.</description></item>
</channel></rss>
"""


@pytest.mark.parametrize("bad", ["&#xFFFFFFF;", "&#99999999999;", "&#xD800;", "&#xDFFF;"])
def test_a_bad_character_reference_costs_no_entry(bad):
    result = parse_feed(THREE.format(bad=bad), "bad.rss")
    assert [a.title for a in result.articles] == [
        "Clashes in Mosul",
        "Flood in Dhaka\ufffd",
        "Quake in Nepal",
    ]
    assert result.articles[1].text == "Rivers rose in Dhaka\ufffd."
    assert result.articles[0].byline == "Ana Ruiz" and result.articles[0].credit
    [note] = result.problems
    assert note.kept and "2 character reference(s)" in note.reason


def test_a_reference_to_a_control_character_is_dropped_and_noted():
    result = parse_feed(THREE.format(bad="&#0;"), "nul.rss")
    assert [a.title for a in result.articles][1] == "Flood in Dhaka"
    assert result.problems[0].kept


def test_an_end_of_item_inside_a_link_costs_only_its_own_entry():
    broken = THREE.format(bad="").replace(
        "<link>https://news.example.org/dhaka</link>",
        "<link>https://news.example.org/dhaka</item></link>",
    )
    result = parse_feed(broken, "link.rss")
    titles = [a.title for a in result.articles]
    assert titles[0] == "Clashes in Mosul" and titles[-1] == "Quake in Nepal"
    mosul = result.articles[0]
    assert mosul.url == "https://news.example.org/mosul" and mosul.credit == "CC BY 4.0 Example"
    assert mosul.source == "link.rss#1" and result.articles[-1].source == "link.rss#3"
    assert all(p.kept for p in result.problems if p.path == "link.rss")


def test_good_character_references_are_left_alone():
    result = parse_feed(THREE.format(bad="&#233;&#x1F600;"), "good.rss")
    assert result.articles[1].title == "Flood in Dhaka\u00e9\U0001f600"
    assert result.problems == ()
