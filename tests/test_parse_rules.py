"""Print structures the parser must read on issues it has never seen (issue 11), one small text each.

The texts are made up here, in the shapes the paper prints: they pin a rule each, where the corpus
scores (tests/test_parse_gold.py) pin the whole.
"""

from __future__ import annotations

import pytest

from sitegen.model import Article, Issue
from sitegen.parse import parse_text
from sitegen.parse.meta import IssueMeta

BODY = "这是一段足够长的正文，用来说明文章的内容，并且以句号结束，不会被当作标题或者副题来处理。"


BODIES = ("今年以来，各地加快推进重点项目建设，一批基础设施和民生工程相继开工，带动了有效投资稳步增长。",
          "记者在现场看到，工人们正在有序作业，施工机械往来穿梭，项目建设进度比计划提前了半个月。",
          "当地有关负责人表示，将继续优化营商环境，强化要素保障，推动更多项目早开工、早投产、早见效。",
          "专家认为，这些举措既着眼当前又立足长远，对于稳定市场预期、提振发展信心具有重要意义。")


def parse(text: str) -> Issue:
    """Parse a made-up text; its body paragraphs (BODY, as often as a test prints it) become different
    paragraphs, as in print: the same paragraph twice reads as a repeated text box."""
    parts = text.split(BODY)
    text = parts[0] + "".join(f"{BODIES[n % len(BODIES)] if n else BODY}{part}" for n, part in enumerate(parts[1:]))
    return parse_text(text, "test.txt", IssueMeta(id="test", title="test", date=None))


def only(issue: Issue, title: str) -> Article:
    found = [a for a in issue.articles if a.title == title]
    assert len(found) == 1, [a.title for a in issue.articles]
    return found[0]


def test_byline_with_a_post_abroad_and_spaced_names() -> None:
    issue = parse(f"中法合作迈出新步伐\n\n本报驻法国记者 王远\n\n{BODY}\n\n"
                  f"春耕时节农事忙\n\n本报记者 于 洋 石惟嘉\n\n{BODY}\n")
    assert only(issue, "中法合作迈出新步伐").authors == ("王远",)
    assert only(issue, "春耕时节农事忙").authors == ("于洋", "石惟嘉")


def test_a_zero_width_space_before_a_spaced_name_is_no_part_of_it() -> None:
    issue = parse(f"春耕时节农事忙\n\n\u200b安 旭\n\n{BODY}\n")
    assert only(issue, "春耕时节农事忙").authors == ("安旭",)


def test_a_byline_broken_over_two_lines_is_joined() -> None:
    issue = parse(f"民营经济活力足\n\n本报记者\n\n廖文根 付 文 刘晓宇\n\n{BODY}\n")
    article = only(issue, "民营经济活力足")
    assert article.authors == ("廖文根", "付文", "刘晓宇")
    assert [b.text for b in article.blocks] == [BODY]


def test_xinhua_daily_layout_byline_first_and_dateline_last() -> None:
    """新华每日电讯: the byline is the first line of the body and the dateline closes the story."""
    issue = parse(f"新能源汽车出口增长\n\n新华社记者 张三、李四\n\n{BODY}\n\n（新华社北京5月10日电）\n\n"
                  f"夏粮收购有序推进\n\n{BODY}\n\n（新华社郑州5月10日电  记者王五、赵六）\n")
    first, second = issue.articles
    assert (first.title, first.authors) == ("新能源汽车出口增长", ("张三", "李四"))
    assert first.blocks[-1].text == "（新华社北京5月10日电）"
    assert (second.title, second.authors) == ("夏粮收购有序推进", ("王五", "赵六"))


def test_reporters_in_the_opening_dateline_are_authors() -> None:
    issue = parse(f"火箭发射成功\n\n本报文昌5月11日电 （记者石磊、刘诗瑶）{BODY}\n")
    assert only(issue, "火箭发射成功").authors == ("石磊", "刘诗瑶")


def test_closing_lines_are_never_headlines() -> None:
    issue = parse(f"城市更新见成效\n\n本报记者 高云才\n\n{BODY}\n\n（作者单位：某某大学）\n\n本版责编：王某\n\n"
                  f"乡村振兴有新招\n\n本报记者 李茂颖\n\n{BODY}\n")
    assert [a.title for a in issue.articles] == ["城市更新见成效", "乡村振兴有新招"]
    assert not any(a.kicker for a in issue.articles)


def test_a_caption_with_its_credit_at_its_end_is_a_figure_even_inside_a_sentence() -> None:
    issue = parse("港口作业繁忙\n\n本报记者 高云才\n\n今年以来，港口货物吞吐量持续增长，集装箱\n\n"
                  "5月9日，货轮在港口装卸集装箱。李  冬摄（人民视觉）\n\n吞吐量同比增长百分之十。\n")
    blocks = only(issue, "港口作业繁忙").blocks
    assert [(b.kind, b.text) for b in blocks] == [
        ("paragraph", "今年以来，港口货物吞吐量持续增长，集装箱吞吐量同比增长百分之十。"),
        ("figure", "5月9日，货轮在港口装卸集装箱。"),
    ]
    assert blocks[1].credit == "李  冬摄（人民视觉）"


def test_a_photo_story_stands_alone_with_its_figures() -> None:
    issue = parse(f"城市更新见成效\n\n本报记者 高云才\n\n{BODY}\n\n图片报道\n\n"
                  "游客在湖边赏花。张  三摄（影像中国）\n\n市民在公园晨练。李  四摄（影像中国）\n")
    story = only(issue, "图片报道")
    assert [b.kind for b in story.blocks] == ["figure", "figure"]


def test_list_items_and_leads_keep_their_lines() -> None:
    issue = parse(f"三项措施落地\n\n本报记者 高云才\n\n{BODY}\n\n措施包括——\n\n一、减免部分费用；\n\n"
                  "二、简化办理流程；\n\n三、延长服务时间。\n")
    texts = [b.text for b in only(issue, "三项措施落地").blocks]
    assert texts[1:] == ["措施包括——", "一、减免部分费用；", "二、简化办理流程；", "三、延长服务时间。"]


def test_verse_keeps_its_lines() -> None:
    issue = parse(f"丰收图景\n\n本报记者 高云才\n\n{BODY}\n\n农机穿梭助耕忙，\n\n管护精细效益强。\n")
    texts = [b.text for b in only(issue, "丰收图景").blocks]
    assert texts[-2:] == ["农机穿梭助耕忙，", "管护精细效益强。"]


def test_an_epigraph_signature_is_no_subtitle() -> None:
    issue = parse("奋进新征程\n\n本报评论员\n\n“要坚定信心，真抓实干。”\n\n"
                  f"——2025年7月，习近平总书记在山西考察时指出\n\n{BODY}\n")
    article = only(issue, "奋进新征程")
    assert article.subtitle is None and article.byline == "本报评论员"


def test_a_section_comes_from_a_column_label_or_the_page_name_only() -> None:
    issue = parse(f"第02版：经济\n\n城市更新见成效\n\n本报记者 高云才\n\n{BODY}\n")
    assert only(issue, "城市更新见成效").section == "经济"
    issue = parse(f"城市更新见成效\n\n本报记者 高云才\n\n{BODY}\n")
    assert only(issue, "城市更新见成效").section is None


def test_warnings_carry_a_doubt() -> None:
    issue = parse(f"城市更新见成效\n\n本报记者 高云才\n\n{BODY}\n\n乡村振兴有新招\n\n{BODY}\n")
    assert issue.warnings
    assert all(0 <= w.doubt <= 1 for w in issue.warnings)


def test_a_document_printed_in_full_stays_in_its_story() -> None:
    """`…全文如下。` announces a document: its title, its note, its chapters (第一章  总  则) and
    articles (第一条  …), its list items (…；) and the date that signs it stay in the one story."""
    issue = parse(f"某某条例公布施行\n\n新华社北京5月18日电  {BODY}\n\n条例全文如下。\n\n某某工作条例\n\n"
                  "（2026年5月8日通过  2026年5月18日发布）\n\n第一章  总  则\n\n"
                  "第一条  为了规范某某工作，制定本条例。\n\n第二条  某某工作的主要任务是：\n\n"
                  "（一）做好第一件事；\n\n（二）做好第二件事；\n\n（三）做好第三件事。\n\n"
                  "第二章  附  则\n\n第三条  本条例自公布之日起施行。\n\n主任  张  三\n\n2026年5月18日\n")
    article = only(issue, "某某条例公布施行")
    headings = [b.text for b in article.blocks if b.kind == "heading"]
    assert headings[-2:] == ["第一章  总  则", "第二章  附  则"]
    texts = [b.text for b in article.blocks]
    assert "（2026年5月8日通过  2026年5月18日发布）" in texts
    assert "第一条  为了规范某某工作，制定本条例。" in texts
    assert "（二）做好第二件事；" in texts and texts[-1] == "2026年5月18日"


def test_a_numbered_line_standing_alone_in_a_wire_story_is_a_subhead() -> None:
    issue = parse(f"两国合作成果丰硕\n\n新华社北京6月10日电  {BODY}\n\n一、高层交往引领关系发展方向\n\n{BODY}\n\n"
                  f"二、务实合作不断走深走实\n\n{BODY}\n")
    article = only(issue, "两国合作成果丰硕")
    assert [b.text for b in article.blocks if b.kind == "heading"] == [
        "一、高层交往引领关系发展方向", "二、务实合作不断走深走实"]


def test_a_section_title_over_a_dash_line_inside_a_signed_story_stays_in_it() -> None:
    """Long-form stories print sections as a short title over a `——…` line; with no byline or
    dateline of its own under it, that is a part of the story, not a new one."""
    issue = parse(f"老街新生（报告文学）\n\n本报记者 王 五\n\n{BODY}\n\n小巷\n\n——一位居民的讲述\n\n"
                  f"{BODY}\n\n{BODY}\n\n{BODY}\n\n"
                  f"新闻发布会举行\n\n——多项措施同步推出\n\n本报北京5月10日电  （记者赵六）{BODY}\n")
    assert [a.title for a in issue.articles] == ["老街新生（报告文学）", "新闻发布会举行"]
    texts = [b.text for b in issue.articles[0].blocks]
    assert "小巷" in texts and "——一位居民的讲述" in texts


def test_bylined_pieces_under_an_unsigned_introduction_are_one_story() -> None:
    """A headline, an introduction signed by the editors, then pieces each with a kicker ending in
    ——, a title and a byline: one story. A story under a column's name (…（某某观察）) stands alone."""
    issue = parse(f"走进基层看新变（专题）\n\n{BODY}\n\n——编  者\n\n某某学院——\n\n育人铸魂  薪火相传\n\n"
                  f"本报记者  张  三\n\n{BODY}\n\n某某大学——\n\n深耕专业  科研攻坚\n\n本报记者  李  四\n\n{BODY}\n\n"
                  f"共享单车乱停放——\n\n街角变了样（曝光台）\n\n本报记者  王  五\n\n{BODY}\n")
    assert [a.title for a in issue.articles] == ["走进基层看新变（专题）", "街角变了样（曝光台）"]
    texts = [b.text for b in issue.articles[0].blocks]
    assert "深耕专业  科研攻坚" in texts and "本报记者  李  四" in texts


def test_an_article_number_on_its_own_line_is_no_name() -> None:
    """`第一条` alone over its text (a treaty) is three characters like a name, but never a byline."""
    second = "缔约双方在平等互利的基础上开展各领域合作。"
    issue = parse(f"某某两国友好合作条约\n\n缔约双方愿意进一步加强合作。\n\n兹达成协议如下：\n\n"
                  f"第一条\n\n{BODY}\n\n第二条\n\n{second}\n")
    article = only(issue, "某某两国友好合作条约")
    assert article.byline is None
    assert [b.text for b in article.blocks][-4:] == ["第一条", BODY, "第二条", second]


@pytest.mark.xfail(strict=True, reason="issue 19, left open: the learned labeller takes the headline and "
                   "byline after this made-up 导读 box for one more entry (on the corpus, 26 of 30 boxes of 导读 "
                   "and 环球扫描 in its first 20 days are right)")
def test_an_index_box_is_one_article_of_its_entries() -> None:
    """导读: a short name over entries, each ending on a page reference in words (`第六版`)."""
    issue = parse(f"春耕时节农事忙\n\n本报记者 于 洋\n\n{BODY}\n\n导读\n\n理论\n\n深化改革的新篇章\n\n第九版\n\n"
                  f"文化中国行\n\n走进古老石窟寺\n\n第十四版\n\n城市更新见成效\n\n本报记者 高云才\n\n{BODY}\n")
    assert [a.title for a in issue.articles] == ["春耕时节农事忙", "导读", "城市更新见成效"]
    box = only(issue, "导读")
    assert [b.text for b in box.blocks] == [
        "理论", "深化改革的新篇章", "第九版", "文化中国行", "走进古老石窟寺", "第十四版"]


@pytest.mark.xfail(strict=True, reason="issue 19, left open: the learned labeller reads this made-up 环球扫描 "
                   "(datelines of 某地) as the kicker of its first item")
def test_a_box_under_a_column_name_is_one_article_of_its_items() -> None:
    """A short bare name (环球扫描) over items that each open with a dateline: one article under the
    name; a place over a single story (安  徽) stays that story's kicker."""
    issue = parse(f"环球扫描\n\n甲国举行大选\n\n据新华社某地5月10日电  {BODY}\n\n乙国发布新规\n\n"
                  f"新华社某地5月10日电  乙国政府日前发布新规。\n\n"
                  f"安  徽\n\n政务公开划出硬杠杠\n\n本报合肥3月24日电  （记者孙振）{BODY}\n\n"
                  "内蒙古\n\n推进合作先导区建设\n\n本报呼和浩特3月24日电  （记者张枨）当地日前印发意见。\n")
    assert [a.title for a in issue.articles] == ["环球扫描", "政务公开划出硬杠杠", "推进合作先导区建设"]
    texts = [b.text for b in only(issue, "环球扫描").blocks]
    assert texts[0] == "甲国举行大选" and "乙国发布新规" in texts
    assert only(issue, "政务公开划出硬杠杠").kicker == "安  徽"


def test_a_long_headline_confirmed_by_a_byline_under_it() -> None:
    """A headline longer than a headline's shape (a series tag after it) is one when a byline or a
    writer's name stands right under it; a long line of text over the next headline is not."""
    title = "深刻认识中国哲学社会科学自主知识体系的使命任务（加快构建中国哲学社会科学自主知识体系）"
    issue = parse(f"春耕时节农事忙\n\n本报记者 于 洋\n\n{BODY}\n\n{title}\n\n王伟光\n\n{BODY}\n")
    assert [a.title for a in issue.articles] == ["春耕时节农事忙", title]
    assert only(issue, title).authors == ("王伟光",)


def test_a_writers_post_and_name_under_a_title_is_the_byline() -> None:
    """`某某大学新闻学院院长  周  勇` under a title: a byline with a post (two spaces before the name),
    not the title with the real title as its kicker. (At the top of a page: further down, under a
    story, a title over a post and name is as often the next speaker of a collection of speeches.)"""
    issue = parse(f"第04版\n\n春耕时节农事忙\n\n本报记者 于 洋\n\n{BODY}\n\n第05版\n\n"
                  f"用数据激活媒体变革内生动力\n\n某某大学新闻学院院长  周  勇\n\n{BODY}\n")
    article = only(issue, "用数据激活媒体变革内生动力")
    assert (article.kicker, article.byline) == (None, "某某大学新闻学院院长  周  勇")
    assert article.authors == ("周勇",)


def test_bylined_pieces_under_a_pages_theme_are_one_story() -> None:
    """A theme with a column tag (…（某某日）), unsigned, over pieces each with a kicker, a title and a
    byline: the pieces are parts of the theme's story."""
    issue = parse(f"深耕品牌建设 彰显时代担当（某某日）\n\n{BODY}\n\n某某集团构建品牌工作体系\n\n加快打造一流企业\n\n"
                  f"本报记者  韩  鑫\n\n{BODY}\n\n某某银行聚焦科技金融\n\n助力产业体系建设\n\n本报记者  郁静娴\n\n"
                  "银行认真贯彻创新驱动发展战略。\n")
    assert [a.title for a in issue.articles] == ["深耕品牌建设 彰显时代担当（某某日）"]
    texts = [b.text for b in issue.articles[0].blocks]
    assert "助力产业体系建设" in texts and "本报记者  郁静娴" in texts


def test_speeches_of_a_forum_are_one_story() -> None:
    """A forum's speeches under one headline: each a title over the speaker's post and name, its
    text and an as-told-to line. The speakers after the first stay in the story."""
    issue = parse(f"推动媒体深度融合\n\n——某某论坛发言摘编\n\n深挖内容优势  提升传播效能\n\n"
                  f"某某大学新闻学院院长  周  勇\n\n{BODY}\n\n（本报记者王某整理）\n\n构建协同机制  实现融合发展\n\n"
                  "某某新区宣传部副部长  王曙峥\n\n"
                  "推动媒体融合发展是提升传播力的关键。\n\n（本报记者李某整理）\n")
    assert [a.title for a in issue.articles] == ["推动媒体深度融合"]
    texts = [b.text for b in issue.articles[0].blocks]
    assert "某某新区宣传部副部长  王曙峥" in texts and texts[-1] == "（本报记者李某整理）"
