import json
from datetime import date
from urllib.parse import unquote

from articles.samples import read_samples, sample_paths

SEED_TITLE = "US air raids kill more than 200 civilians in northern Syria"


def test_sample_paths_are_the_bundled_files():
    paths = sample_paths()
    assert [p.name for p in paths] == [
        "us-air-raids-northern-syria-2016-07-22.txt",
        "wikinews-geovirus.jsonl",
    ]
    assert all(p.is_file() for p in paths)


def test_bundled_seed_reads_with_title_date_byline_credit_and_no_footer():
    result = read_samples()
    assert result.problems == ()
    seed = result.articles[0]
    assert seed.title == SEED_TITLE
    assert seed.published == date(2016, 7, 22)
    assert seed.byline == "Thomas Gaist"
    assert seed.credit == "World Socialist Web Site (wsws.org)"
    assert seed.url.startswith("https://www.wsws.org/en/articles/2016/07/22/")
    assert seed.text.startswith("Airstrikes by the American-led war coalition")
    assert seed.text.endswith("highlighting Niger, Chad, and Nigeria for targeting by NATO forces.")
    assert "To contact" not in seed.text and "http" not in seed.text
    raw = sample_paths()[0].read_text(encoding="utf-8")
    body = raw[raw.index("Airstrikes") : raw.index("To contact")].rstrip()
    assert seed.text == body  # paragraph breaks and offsets as in the file


def test_bundled_wikinews_articles_carry_url_title_and_credit():
    wikinews = read_samples().articles[1:]
    assert len(wikinews) == 227
    assert len({a.id for a in wikinews}) == 227
    for article in wikinews:
        assert article.url.startswith("https://en.wikinews.org/wiki/")
        page = unquote(article.url.rsplit("/", 1)[1]).replace("_", " ")
        assert article.title == page
        assert article.credit == "Wikinews, CC BY 2.5"
        assert article.published is None
        assert len(article.text) > 100


def test_bundled_wikinews_file_holds_no_annotations():
    path = sample_paths()[1]
    for line in path.read_text(encoding="utf-8").splitlines():
        assert set(json.loads(line)) == {"id", "url", "title", "published", "text", "credit"}
