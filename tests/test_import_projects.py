"""`publish import FOLDER`: a book kept as another tool's project (mdBook, GitBook, Leanpub,
bookdown, Quarto, a pandoc project, a folder of pages with front matter) read in the tool's
order, its metadata in book.yaml, its pictures kept, the tools' own markup made the book's."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
import yaml

from publish.crossref_numbers import numbered
from publish.errors import PublishError
from publish.importer import import_text
from publish.manuscript import load_book

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
       b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82")


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
    return root


def imported(source: Path, tmp_path: Path) -> tuple[dict, dict[str, str], object]:
    into = tmp_path / "book" / "manuscript"
    report = import_text(source, into)
    book = yaml.safe_load((into / "book.yaml").read_text(encoding="utf-8"))
    texts = {name: (into / name).read_text(encoding="utf-8") for name in book["files"]}
    return book, texts, report


def test_mdbook_summary_order_parts_includes_pictures_and_links(tmp_path):
    src = write_tree(tmp_path / "guide", {
        "book.toml": '[book]\ntitle = "The Guide"\nauthors = ["Ada Lovelace"]\nlanguage = "en"\n',
        "src/SUMMARY.md": """
            # The Guide

            [Introduction](README.md)

            # User guide

            - [Installing](guide/install.md)
            - [Commands](cli/README.md)
                - [init](cli/init.md)
                - [Draft chapter]()

            ---

            [Contributors](misc/contributors.md)
            """,
        "src/README.md": "# Introduction\n\nSee [the init command](cli/init.md) and "
                         "[install](guide/install.md#steps).\n",
        "src/guide/install.md": """
            # Installing

            ## Steps

            ```rust
            {{#include ../listings/main.rs:2:3}}
            ```

            ```rust
            {{#include ../listings/main.rs:body}}
            ```

            ```rust,ignore,does_not_compile
            # fn main() {
            #[derive(Debug)]
            ## not hidden
            let y = 2;
            # }
            ```

            Write \\{{#include file.rs}} to include a file. Add $HOME/.cargo/bin to $PATH, and run
            _target\\debug\\hello.exe_ on Windows, `$ cargo \\d`.

            ![The logo](images/logo.png)
            """,
        "src/listings/main.rs": "// first\nfn main() {\n    greet();\n}\n"
                                "// ANCHOR: body\nlet x = 1;\n// ANCHOR_END: body\n",
        "src/guide/images/logo.png": PNG,
        "src/cli/README.md": "# Commands\n\nThe commands.[^1]\n\n[^1]: Two of them.\n\n"
                             "The commands.\n\n----------\n\tinit();\n\tbuild();\n\n"
                             "More words about the commands.\n\n```\n ----\n| box |\n ----\n```\n\nTheir end.\n",
        "src/cli/init.md": "The init command\n================\n\nOptions\n-------\n\nIt makes a book in C#.\n\n"
                           "## Learn C# ##\n",
        "src/misc/contributors.md": "# Contributors\n\nMany people.[^1]\n\n[^1]: Thanks to all.\n",
    })
    book, texts, report = imported(src / "src" / "SUMMARY.md", tmp_path)
    assert (book["title"], book["authors"], book["language"]) == ("The Guide", [{"name": "Ada Lovelace"}], "en")
    assert book["files"] == ["README.md", "guide/install.md", "cli/README.md", "misc/contributors.md"]
    assert texts["README.md"].startswith("# Introduction {.frontmatter}\n")
    assert texts["misc/contributors.md"].startswith("# Contributors {.backmatter}\n")
    assert texts["guide/install.md"].startswith("# User guide {.part}\n\n# Installing\n")
    # the sub-chapter is a section of its chapter, in its file, its headings a level down
    assert "Their end.\n\n## The init command\n\n### Options\n\nIt makes a book in C#.\n\n### Learn C#\n" \
        in texts["cli/README.md"]
    install = texts["guide/install.md"]
    assert "```rust\nfn main() {\n    greet();\n```" in install and "```rust\nlet x = 1;\n```" in install
    assert "```rust\n#[derive(Debug)]\n# not hidden\nlet y = 2;\n```" in install
    assert "ANCHOR" not in install and "Write {{#include file.rs}} to include" in install
    assert "![The logo](guide/images/logo.png)" in install
    assert (tmp_path / "book/manuscript/guide/images/logo.png").read_bytes() == PNG
    assert "[the init command](#the-init-command)" in texts["README.md"]
    assert "[install](#steps)" in texts["README.md"]
    assert "Draft chapter" in report.summary() and "left out" in report.summary()
    chapters = load_book(tmp_path / "book").chapters
    assert [c.title for c in chapters] == ["Introduction", "User guide", "Installing", "Commands", "Contributors"]
    assert "More words about the commands." in chapters[3].body_html  # no table from rule to rule
    # each page's [^1] its own note, in the book as on the pages
    assert "Two of them." in chapters[3].body_html and "Thanks to all." in chapters[4].body_html
    assert "[^misc-contributors-1]: Thanks to all." in texts["misc/contributors.md"]
    # CommonMark's dollars and backslashes are text, not TeX math and commands
    text = re.sub(r"<[^>]+>", "", chapters[2].body_html)
    assert "Add $HOME/.cargo/bin to $PATH, and run target\\debug\\hello.exe on Windows, $ cargo \\d." in text


def test_bookdown_chunks_parts_appendix_and_references(tmp_path):
    src = write_tree(tmp_path / "bd", {
        "_bookdown.yml": 'book_filename: "demo"\nrmd_files: ["index.Rmd", "01-intro.Rmd", "02-more.Rmd"]\n',
        "index.Rmd": """
            ---
            title: "A Minimal Book"
            author: "Yihui Xie"
            site: bookdown::bookdown_site
            ---

            # Prerequisites

            ```{r include=FALSE}
            knitr::write_bib(c('bookdown'), 'packages.bib')
            ```
            """,
        "01-intro.Rmd": """
            # (PART) The Start {-}

            # Introduction {#intro}

            ```{r nice-fig, fig.cap='A nice figure', echo=FALSE}
            plot(pressure)
            ```

            ```{r summary}
            summary(cars)
            ```

            See Chapter \\@ref(intro) and Figure \\@ref(fig:nice-fig).
            """,
        "02-more.Rmd": "# (APPENDIX) Appendix {-}\n\n# Tables\n\nThe tables.\n",
    })
    book, texts, report = imported(src, tmp_path)
    assert (book["title"], book["authors"]) == ("A Minimal Book", [{"name": "Yihui Xie"}])
    assert book["files"] == ["index.md", "01-intro.md", "02-more.md"]
    assert "knitr" not in texts["index.md"] and "---" not in texts["index.md"]
    intro = texts["01-intro.md"]
    assert intro.startswith("# The Start {.part}\n\n# Introduction {#intro}\n")
    assert "```r\nsummary(cars)\n```" in intro and "plot(pressure)" not in intro
    assert "See Chapter [Introduction](#intro) and Figure \\@ref(fig:nice-fig)." in intro
    assert texts["02-more.md"] == "# Tables {.backmatter}\n\nThe tables.\n"
    aside = (tmp_path / "book/manuscript/source-code-chunks.txt").read_text(encoding="utf-8")
    assert "index.Rmd:3: ```{r include=FALSE}" in aside and "plot(pressure)" in aside
    summary = report.summary()
    assert "the figure 'A nice figure' is made by running its r code" in summary
    assert "\\@ref(fig:nice-fig)" in summary


def test_quarto_parts_appendices_callouts_and_chunk_options(tmp_path):
    src = write_tree(tmp_path / "q", {
        "_quarto.yml": """
            project:
              type: book
            book:
              title: "Quarto Book"
              subtitle: "An example"
              author:
                - name: Frances Author
                - Second Author
              chapters:
                - index.qmd
                - part: "Week 1"
                  chapters:
                    - intro.qmd
              appendices:
                - extra.qmd
            lang: de
            """,
        "index.qmd": "# Welcome {.unnumbered}\n\nHello.\n",
        "intro.qmd": """
            # Introduction

            ::: {.callout-note}
            ## Mind the gap

            Callouts are boxes.
            :::

            :::{.callout-tip title="A tip"}
            Tip text.
            :::

            ```{python}
            #| label: fig-polar
            #| echo: true

            import numpy as np
            ```

            See @sec-more and @fig-cycle.

            ```{r}
            #| label: fig-cycle
            #| echo: false
            #| fig-cap: |
            #|   The cycle of
            #|   data science.
            #| fig-alt: A diagram of the "cycle".
            knitr::include_graphics("diagrams/cycle.png", dpi = 270)
            ```

            ## More {#sec-more}
            """,
        "diagrams/cycle.png": PNG,
        "extra.qmd": "# Extra\n\nMore.\n",
    })
    book, texts, _ = imported(src / "_quarto.yml", tmp_path)
    assert (book["title"], book["subtitle"], book["language"]) == ("Quarto Book", "An example", "de")
    assert book["authors"] == [{"name": "Frances Author"}, {"name": "Second Author"}]
    intro = texts["intro.md"]
    assert intro.startswith("# Week 1 {.part}\n\n# Introduction\n")
    assert "::: {.callout .callout-note}\n**Mind the gap**\n\nCallouts are boxes.\n:::" in intro
    assert "## Mind the gap" not in intro
    assert "::: {.callout .callout-tip}\n**A tip**\n\nTip text." in intro
    assert "```python\nimport numpy as np\n```" in intro and "#|" not in intro
    assert "See [More](#sec-more) and @fig-cycle." in intro  # the build numbers the figure and words it
    assert '![The cycle of data science.](diagrams/cycle.png){#fig-cycle alt="A diagram of the \\"cycle\\"."}' in intro
    assert (tmp_path / "book/manuscript/diagrams/cycle.png").is_file()
    assert texts["extra.md"].startswith("# Extra {.backmatter}\n")
    chapters = numbered(load_book(tmp_path / "book")).chapters
    assert "<strong>Mind the gap</strong>" in chapters[2].body_html
    assert 'class="crossref">Abbildung\xa01</a>' in chapters[2].body_html  # numbered as Quarto does, in German
    assert '<span class="figure-number">Abbildung\xa01.</span> The cycle of data science.' in chapters[2].body_html


def test_quarto_frozen_figures_numbered_formulas_and_a_callouts_unnumbered_heading(tmp_path):
    """A Quarto book whose code ran once: its figures kept in `_freeze/`. The chunk's figure was
    left out and every reference to it "left as typed"; so were references to numbered formulas,
    which the build numbers; and a callout's `## Quick Check {.unnumbered}` stopped the import
    ("reading this chapter lost words (unnumbered)")."""
    src = write_tree(tmp_path / "q", {
        "_quarto.yml": "project:\n  type: book\nbook:\n  title: Stats\n  chapters:\n    - ch/plots.qmd\n",
        "ch/plots.qmd": """
            # Plots

            ```{r}
            #| label: fig-demand
            #| fig-cap: "Price and demand."
            plot(price, demand)
            ```

            ```{r}
            #| label: fig-pair
            #| echo: false
            #| fig-cap: "Two plots."
            plot(a); plot(b)
            ```

            @fig-demand and @fig-pair show it; @eq-model is the model.

            $$
            y = a + b x
            $$ {#eq-model}

            ::: {.callout-note icon="false"}
            ## Quick Check {.unnumbered}

            What does @fig-demand show?
            :::

            {{< include _recap.qmd >}}
            """,
        "ch/_recap.qmd": "---\ntitle: Recap\n---\n\nIn short: plots show data.\n",
        "_freeze/ch/plots/figure-html/fig-demand-1.png": PNG,
        "_freeze/ch/plots/figure-html/fig-pair-1.png": PNG,
        "_freeze/ch/plots/figure-html/fig-pair-2.png": PNG,
    })
    book, texts, report = imported(src / "_quarto.yml", tmp_path)
    text = texts["ch/plots.md"]
    assert "```r\nplot(price, demand)\n```\n\n![Price and demand.](_freeze/ch/plots/figure-html/fig-demand-1.png)" \
           "{#fig-demand}" in text
    assert "::: {#fig-pair}\n![](_freeze/ch/plots/figure-html/fig-pair-1.png)\n\n" \
           "![](_freeze/ch/plots/figure-html/fig-pair-2.png)\n\nTwo plots.\n:::" in text
    assert "plot(a)" not in text
    assert "::: {.callout .callout-note}\n**Quick Check**\n" in text
    assert text.endswith(":::\n\nIn short: plots show data.\n")  # Quarto's {{< include >}} put in; it printed as typed
    assert not [w for w in report.warnings if "cross-references to no heading" in w]
    body = numbered(load_book(tmp_path / "book")).chapters[0].body_html
    links = re.findall(r'class="crossref">([^<]*)</a>', body)
    assert [w.replace("\xa0", " ") for w in links] == ["Figure 1", "Figure 2", "Equation 1", "Figure 1"]
    assert body.count("<img") == 3


def test_mkdocs_nav_order_sections_as_parts_and_admonitions_as_callouts(tmp_path):
    """An MkDocs site was read as a folder of pages by name (about.md first), its `!!! note`
    admonitions printed as text ("!!! tip "Speed" Use…"), and its mkdocs.yml's Python tags
    stopped a YAML reader."""
    src = write_tree(tmp_path / "site", {
        "mkdocs.yml": """
            site_name: Wave Tools
            site_author: Ada Whitfield
            theme:
              name: material
              language: en
            markdown_extensions:
              - pymdownx.emoji:
                  emoji_index: !!python/name:material.extensions.emoji.twemoji
            nav:
              - Home: index.md
              - User guide:
                  - Install: guide/install.md
                  - Advanced:
                      - Tuning: guide/tuning.md
              - About: about.md
              - Developer Guide: dev/
              - GitHub: https://github.com/example/wave-tools
            plugins:
              - literate-nav:
                  nav_file: README.md
            """,
        "docs/dev/README.md": "# Developer Guide\n\n- [API](api.md)\n- [Plugins](plugins.md)\n",
        "docs/dev/plugins.md": "# Plugins\n\nHooks.\n",
        "docs/dev/api.md": "# API\n\nCalls.\n\n::: wave.Wave\n    options:\n        heading_level: 3\n\nAfter.\n",
        "docs/index.md": "# Wave Tools\n\nA toolkit.\n",
        "docs/guide/install.md": """
            # Install

            !!! tip "Speed things up"
                Use a wheel.

                ```bash
                pip install wave-tools
                ```

            ??? warning
                Old versions break.

                !!! note ""
                    Nested, untitled.

            Done.
            """,
        "docs/guide/tuning.md": "# Tuning\n\nTurn the knobs.\n",
        "docs/about.md": "# About\n\nUs.\n",
    })
    book, texts, report = imported(src / "mkdocs.yml", tmp_path)
    # mkdocstrings' `::: wave.Wave` (documentation it writes from the code) was a div never closed
    assert texts["dev/api.md"] == "# API\n\nCalls.\n\nAfter.\n"
    assert [w for w in report.warnings if "mkdocstrings" in w and "(wave.Wave)" in w]
    assert book["title"] == "Wave Tools" and book["authors"] == [{"name": "Ada Whitfield"}]
    assert book["files"] == ["index.md", "guide/install.md", "guide/tuning.md", "about.md", "dev/README.md",
                             "dev/api.md", "dev/plugins.md"]  # a folder's pages as literate-nav's README lists them
    assert texts["dev/README.md"].startswith("# Developer Guide {.part}\n")
    install = texts["guide/install.md"]
    assert install.startswith("# User guide {.part}\n\n# Install\n")
    assert "::: {.callout .callout-tip}\n**Speed things up**\n\nUse a wheel.\n\n```bash\npip install wave-tools\n" \
           "```\n:::" in install
    assert "::: {.callout .callout-warning}\n**Warning**\n\nOld versions break.\n\n::: {.callout .callout-note}\n" \
           "Nested, untitled.\n:::\n:::\n\nDone." in install
    assert "!!!" not in install and "???" not in install
    body = load_book(tmp_path / "book").chapters[2].body_html
    assert '<div class="callout callout-tip" role="note">' in body and "<strong>Speed things up</strong>" in body


def test_bookdown_labelled_formulas_are_numbered_and_their_references_worded(tmp_path):
    """bookdown's `\\begin{equation} … (\\#eq:binom) \\end{equation}` printed its label inside the
    formula, "(#eq:binom)", and "Equation \\@ref(eq:binom)" as "Equation @ref(eq:binom)"."""
    src = write_tree(tmp_path / "bd", {
        "_bookdown.yml": "rmd_files: [index.Rmd, 01-law.Rmd]\n",
        "index.Rmd": "---\ntitle: Laws\n---\n\n# Preface {-}\n\nWhy.\n",
        "01-law.Rmd": r"""
            # The law {#law}

            The binomial law is
            \begin{equation}
            f(k) = \binom{n}{k} p^k (1-p)^{n-k}
              (\#eq:binom)
            \end{equation}
            and the sums
            \begin{align}
            a &= b + c \\
            d &= e (\#eq:sums)
            \end{align}

            Equation \@ref(eq:binom) gives (\@ref(eq:sums)); see Chapter \@ref(law).
            """,
    })
    book, texts, report = imported(src / "_bookdown.yml", tmp_path)
    text = texts["01-law.md"]
    assert "$$\nf(k) = \\binom{n}{k} p^k (1-p)^{n-k}\n$$ {#eq:binom}" in text
    assert "$$\n\\begin{aligned}\na &= b + c \\\\\nd &= e\n\\end{aligned}\n$$ {#eq:sums}" in text
    assert "@eq:binom gives (@eq:sums); see Chapter [The law](#law)." in text
    assert not [w for w in report.warnings if "cross-references" in w]
    body = numbered(load_book(tmp_path / "book")).chapters[-1].body_html
    assert "#eq:" not in re.sub(r'(href|id)="[^"]*"', "", body)
    words = [w.replace("\xa0", " ") for w in re.findall(r'class="crossref">([^<]*)</a>', body)]
    assert words == ["Equation 1", "Equation 2"]


def test_leanpub_book_txt_code_includes_and_matter(tmp_path):
    src = write_tree(tmp_path / "lp", {
        "manuscript/Book.txt": "preface.md\nchapter1.md\nappendix.md\n",
        "manuscript/preface.md": "{frontmatter}\n\n# Preface\n\nWhy.\n",
        "manuscript/chapter1.md": "{mainmatter}\n\n# One\n\n{width: 50%}\n![Logo](images/logo.png)\n\n"
                                  "<<[A sample](code/s.rb)\n",
        "manuscript/appendix.md": "{backmatter}\n\n# Appendix\n\nAfter.\n",
        "manuscript/images/logo.png": PNG,
        "manuscript/code/s.rb": "puts 'hi'\n",
    })
    book, texts, _ = imported(src, tmp_path)
    assert book["files"] == ["preface.md", "chapter1.md", "appendix.md"]
    assert texts["preface.md"] == "# Preface {.frontmatter}\n\nWhy.\n"
    assert texts["chapter1.md"] == "# One\n\n![Logo](images/logo.png)\n\nListing: A sample\n\n```rb\nputs 'hi'\n```\n"
    assert texts["appendix.md"] == "# Appendix {.backmatter}\n\nAfter.\n"


def test_folder_of_pages_in_front_matter_order_titles_as_headings(tmp_path):
    src = write_tree(tmp_path / "site", {
        "_config.yml": "title: Field Notes\nauthor: Jo Smith\nlang: fr\ntheme: just-the-docs\nsearch_enabled: true\n",
        "README.md": "# Read me\n",
        "alpha.md": "---\ntitle: Last Things\nnav_order: 3\n---\n\nThe end of {{ site.title }}.\n\n"
                    "{% include footer.html %}\n\n```liquid\n{{ kept }}\n```\n\n"
                    "See [the start]({% link beta.md %}).\n\n"
                    "{% highlight yaml %}\n{% raw %}a: {{ b }}{% endraw %}\n{% endhighlight %}\n",
        "beta.md": "---\ntitle: First Things\nsubtitle: A beginning\nnav_order: 1\nlayout: page\n---\n\nThe start.\n",
        "gamma.md": "---\nweight: 2\n---\n\n# Middle Things\n{: .no_toc }\n\n## Table of contents\n"
                    "{: .no_toc .text-delta }\n\n1. TOC\n{:toc}\n\nThe middle.\n",
        "docs/child.md": "---\ntitle: A Child\nparent: First Things\nnav_order: 1\n---\n\nBelow, "
                         "[the end]({% link alpha.md %}), [here]({% link docs/child.md %}).\n",
    })
    book, texts, report = imported(src, tmp_path)
    assert (book["title"], book["authors"], book["language"]) == ("Field Notes", [{"name": "Jo Smith"}], "fr")
    assert "alpha.md: 2 template tags ({{ site.title }}, {% include footer.html %}) the tool fills in" \
        in report.summary()
    assert book["files"] == ["beta.md", "gamma.md", "alpha.md"]
    # the child page is a section of its parent's chapter, in its file
    assert texts["beta.md"] == ("# First Things\n\n::: subhead\nA beginning\n:::\n\nThe start.\n\n## A Child\n\n"
                                "Below, [the end](#last-things), [here](#a-child).\n")
    assert texts["gamma.md"] == "# Middle Things\n\nThe middle.\n"
    assert "See [the start](#first-things).\n\n```yaml\na: {{ b }}\n```\n" in texts["alpha.md"]
    assert "nav_order" not in "".join(texts.values()) and "layout" not in "".join(texts.values())
    assert "search_enabled" not in (tmp_path / "book/manuscript/book.yaml").read_text(encoding="utf-8")


def test_pandoc_project_chapters_by_number_and_pictures_from_its_folder(tmp_path):
    src = write_tree(tmp_path / "pb", {
        "metadata.yml": "---\ntitle: My Book\nauthor: Dan\nlang: en-US\nrights: MIT License\n---\n",
        "chapters/10-end.md": "# End\n\n<!-- https://example.org/x.h#L96\n```c\n#define MAX 1\n```\n\n"
                              "The maximum.\n\n<!-- https://example.org/y.h#L1 -->\n\n"
                              "![Left: `pepper[1]`, right: `x[[1]]` and `[`.](images/pepper.png)\n",
        "images/pepper.png": PNG,
        "chapters/3-drawn.md": "# Drawn\n\n![A stack](../images/stack.svg)\n\n![A cat](https://i.imgur.com/x.png)\n",
        "images/stack.svg": '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><div>Stack</div></foreignObject></svg>',
        "chapters/2-start.md": "# Start\n\n![A gull over\nthe sea](images/gull.png)\n\n"
                               "```html\n<img src='myimg.png'>\n```\n\nWrite `![x](y.png)` for a picture.\n",
        "images/gull.png": PNG,
    })
    book, texts, report = imported(src, tmp_path)
    assert (book["title"], book["language"], book["rights"]) == ("My Book", "en-US", "MIT License")
    assert book["files"] == ["2-start.md", "3-drawn.md", "10-end.md"]
    assert "chapters/3-drawn.md: picture 'https://i.imgur.com/x.png' is on the web, which no build fetches: " \
        "download it" in report.summary()
    assert "images/stack.svg is an SVG drawing holding HTML or scripts (foreignObject" in report.summary()
    assert "![A gull over\nthe sea](images/gull.png)" in texts["2-start.md"]
    assert (tmp_path / "book/manuscript/images/pepper.png").is_file()
    assert texts["10-end.md"].startswith("# End\n\n<!-- https://example.org/x.h#L96 -->\n```c\n")
    assert "10-end.md:3: an HTML comment is not closed" in report.summary()
    assert "not found" not in report.summary()  # a picture's markup in code is code
    assert (tmp_path / "book/manuscript/images/gull.png").is_file()


def test_errors_name_the_file_and_what_to_do(tmp_path):
    src = write_tree(tmp_path / "broken", {
        "book.toml": '[book]\ntitle = "B"\n',
        "src/SUMMARY.md": "# Summary\n\n- [One](one.md)\n- [Two](two.md)\n",
        "src/one.md": "# One\n",
    })
    with pytest.raises(PublishError) as caught:
        import_text(src, tmp_path / "out")
    where = caught.value.diagnostic
    assert where.file == src / "src" / "SUMMARY.md" and where.line == 4
    assert "two.md" in str(caught.value)
    assert not (tmp_path / "out").exists()
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(PublishError, match="no chapter files"):
        import_text(empty, tmp_path / "out")


def test_obsidian_vault_wiki_links_and_embeds(tmp_path):
    src = write_tree(tmp_path / "vault", {
        ".obsidian/app.json": "{}",
        "attachments/Pasted image 1.png": PNG,
        "1 Chapter One.md": "# Chapter One\n\nA map: ![[Pasted image 1.png|300]]\n\nSee [[2 Chapter Two|the next]], "
                            "[[2 Chapter Two#The Harbour]] and [[Nowhere]].\n",
        "2 Chapter Two.md": "# Chapter Two\n\n## The Harbour\n\nBoats. %%check the\ndates%% Sails.\n\n"
                            "> [!info]- Harbour dues\n> Paid in spring.\n",
    })
    book, texts, report = imported(src, tmp_path)
    assert book["files"] == ["1 Chapter One.md", "2 Chapter Two.md"] and "Obsidian book project" in report.summary()
    one = texts["1 Chapter One.md"]
    assert "A map: ![](attachments/Pasted%20image%201.png)" in one
    assert (tmp_path / "book/manuscript/attachments/Pasted image 1.png").read_bytes() == PNG
    assert "See [the next](#chapter-two), [2 Chapter Two](#the-harbour) and Nowhere." in one
    assert "'[[Nowhere]]' leads to no file of the folder" in report.summary()
    chapters = load_book(tmp_path / "book").chapters
    assert 'href="#the-harbour"' in chapters[0].body_html and "[[" not in chapters[0].body_html
    # Obsidian's %%comment%% printed as typed; its callout a quotation opening "[!info]-"
    assert "Boats. <!--check the\ndates--> Sails." in texts["2 Chapter Two.md"]
    two = chapters[1].body_html
    import lxml.html

    shown = lxml.html.fragment_fromstring(two, create_parent="div").text_content()
    assert "check the" not in shown and "%%" not in shown and "[!info]" not in shown and "Sails." in shown
    assert re.search(r'<div class="callout callout-info" role="note">\s*<p><strong>Harbour dues</strong></p>', two)


def test_one_r_markdown_document(tmp_path):
    src = write_tree(tmp_path / "doc", {
        "report.Rmd": "---\ntitle: A Report\nauthor: [Ann, Bob]\noutput: html_document\n---\n\n# Results\n\n"
                      "```{r, echo=FALSE}\nsummary(cars)\n```\n\n```{r}\nplot(cars)\n```\n",
    })
    book, texts, _ = imported(src / "report.Rmd", tmp_path)
    assert (book["title"], book["authors"], book["files"]) == ("A Report", [{"name": "Ann"}, {"name": "Bob"}],
                                                               ["report.md"])
    assert texts["report.md"] == "# Results\n\n```r\nplot(cars)\n```\n"


def test_quarto_frozen_tables_are_put_in_after_their_chunks(tmp_path):
    """The tables a Quarto book's code printed (knitr::kable's, a data frame's HTML) when it last ran
    are kept in `_freeze/<chapter>/execute-results/html.json`; the import showed the code and left
    the table out. Found by label (captioned and numbered) or by code; a hidden chunk's too."""
    import json

    frozen = "\n".join([
        "# Cars", "", "::: {#tbl-cars .cell tbl-cap='Speed and stopping distance.'}", "",
        "```{.r .cell-code}", "knitr::kable(head(cars, 2))", "```", "", "::: {.cell-output-display}", "",
        "| speed| dist|", "|-----:|----:|", "|     4|    2|", "|     7|   10|", "", ":::", ":::", "",
        "::: {.cell}", "", "```{.python .cell-code}", "print(df.head(1))", "```", "",
        "::: {.cell-output .cell-output-stdout}", "```", "   x", "0  1", "```", ":::", ":::", "",
        "::: {.cell}", "::: {.cell-output-display}", "```{=html}", "<table><tr><th>Model</th></tr>",
        "<tr><td>Lotus</td></tr></table>", "```", ":::", ":::", ""])
    src = write_tree(tmp_path / "q", {
        "_quarto.yml": "project:\n  type: book\nbook:\n  title: Cars\n  chapters:\n    - cars.qmd\n",
        "cars.qmd": """
            # Cars

            ```{r}
            #| label: tbl-cars
            #| tbl-cap: "Speed and stopping distance."
            knitr::kable(head(cars, 2))
            ```

            @tbl-cars shows them.

            ```{python}
            print(df.head(1))
            ```

            ```{python}
            #| echo: false
            models.to_html()
            ```

            The end.
            """,
        "_freeze/cars/execute-results/html.json": json.dumps({"hash": "x", "result": {"markdown": frozen}}),
    })
    book, texts, report = imported(src / "_quarto.yml", tmp_path)
    text = texts["cars.md"]
    assert "```r\nknitr::kable(head(cars, 2))\n```\n\n| speed| dist|\n" in text
    assert "|     7|   10|\n\n: Speed and stopping distance. {#tbl-cars}\n" in text
    assert "```python\nprint(df.head(1))\n```\n\n@" not in text  # its output is no table: not put in
    assert "models.to_html()" not in text  # its code not shown: its cell is the one at its place
    assert "```python\nprint(df.head(1))\n```\n\n```{=html}\n<table><tr><th>Model</th></tr>" in text
    assert "tables Quarto's code printed (_freeze/) put in after their chunks: 2" in str(report)
    chapter = numbered(load_book(tmp_path / "book")).chapters[0]
    assert chapter.body_html.count("<table") == 2
    assert "Speed and stopping distance." in chapter.body_html and 'id="tbl-cars"' in chapter.body_html
