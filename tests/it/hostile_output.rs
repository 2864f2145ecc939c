//! Record text is data in every output (DESIGN 14; issue 11): one test per attack, each with
//! the hostile input as it was reported, each asserting on the real binary's output. The
//! pull-request comment is rendered with a CommonMark/GFM renderer, as GitHub would show it.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::support::{RegisterTest, Run};

// ---- the hostile inputs ----

/// Two carriage returns end the Markdown block; `<!--` then opens an HTML comment that no
/// `-->` closes, so GitHub shows nothing of the comment after it.
const HIDE: &str = "Minor typo fix\r\r<!--";
/// The same, as a YAML double-quoted scalar.
const HIDE_YAML: &str = r#""Minor typo fix\r\r<!--""#;
/// An image that loads from elsewhere, a link, and mentions that notify people.
const LURE: &str = r#"Refund page <img src="https://evil.example/pixel.png"> [log in here](https://evil.example/login) cc @octocat @acme/support #1 www.evil.example"#;
const LURE_YAML: &str = r#"'Refund page <img src="https://evil.example/pixel.png"> [log in here](https://evil.example/login) cc @octocat @acme/support #1 www.evil.example'"#;

// ---- how the outputs are judged ----

/// A Markdown output as GitHub would render it: the HTML, the text a reader sees (cells
/// separated by ` | `, blocks by new lines), and whatever raw HTML, links or images it held.
struct Rendered {
    html: String,
    text: String,
    markup: Vec<String>,
}

fn render_gfm(md: &str) -> Rendered {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let events: Vec<Event> = Parser::new_ext(md, options).collect();
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.iter().cloned());
    let mut text = String::new();
    let mut markup = Vec::new();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(TagEnd::TableCell) => text.push_str(" | "),
            Event::End(
                TagEnd::TableHead
                | TagEnd::TableRow
                | TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::Heading(_),
            ) => text.push('\n'),
            Event::Html(h) | Event::InlineHtml(h) => markup.push(format!("HTML {h}")),
            Event::Start(Tag::Link { dest_url, .. }) => markup.push(format!("link {dest_url}")),
            Event::Start(Tag::Image { dest_url, .. }) => markup.push(format!("image {dest_url}")),
            _ => {}
        }
    }
    Rendered { html, text, markup }
}

/// Cells of a table line: the `|` that no backslash escapes, less one.
fn cells(line: &str) -> usize {
    let mut pipes = 0;
    let mut backslashes = 0;
    for c in line.chars() {
        if c == '|' && backslashes % 2 == 0 {
            pipes += 1;
        }
        backslashes = if c == '\\' { backslashes + 1 } else { 0 };
    }
    pipes - 1
}

/// A Markdown output carries record text as text only: no raw HTML, links or images (risk
/// itself writes none), nothing GitHub would turn into a mention, an issue reference or an
/// autolink, and every table row as wide as its header.
#[track_caller]
fn assert_markdown_is_data(what: &str, md: &str) -> Rendered {
    let rendered = render_gfm(md);
    assert!(
        rendered.markup.is_empty(),
        "{what}: markup from records: {:?}\n{md}",
        rendered.markup
    );
    for raw in ["<img", "<a ", "<!--", "<script", "<b>", "<iframe"] {
        assert!(
            !rendered.html.contains(raw),
            "{what}: {raw} in\n{}",
            rendered.html
        );
    }
    let text = &rendered.text;
    let chars: Vec<char> = text.chars().collect();
    for (i, pair) in chars.windows(2).enumerate() {
        let mention = pair[0] == '@' && pair[1].is_ascii_alphanumeric();
        let reference = pair[0] == '#' && pair[1].is_ascii_digit();
        assert!(
            !mention && !reference,
            "{what}: {:?} would notify or link",
            chars[i.saturating_sub(10)..(i + 12).min(chars.len())]
                .iter()
                .collect::<String>()
        );
    }
    assert!(
        !text.contains("://"),
        "{what}: a URL would be autolinked:\n{text}"
    );
    assert!(
        !text.to_lowercase().contains("www."),
        "{what}: a www. address would be autolinked:\n{text}"
    );
    let mut width = None;
    for line in md.lines() {
        if !line.starts_with('|') {
            width = None;
            continue;
        }
        assert!(
            line.ends_with(" |") || line.ends_with("---|"),
            "{what}: {line:?}"
        );
        let n = cells(line);
        assert_eq!(
            *width.get_or_insert(n),
            n,
            "{what}: a row of another width: {line:?}"
        );
    }
    rendered
}

/// No line, as the Actions runner splits them (at CR and LF), starts with `::` after
/// whitespace, and no line holds `##[`: neither is then a workflow command.
#[track_caller]
fn assert_no_workflow_command(what: &str, output: &str) {
    for line in output.split(['\r', '\n']) {
        assert!(
            !line.trim_start().starts_with("::"),
            "{what}: a workflow command: {line:?}"
        );
        assert!(
            !line.contains("##["),
            "{what}: a workflow command: {line:?}"
        );
    }
}

/// The only escape sequences are risk's own colours (SGR: ESC `[` digits `m`); no other
/// control character (tab and line feed aside) and no bidi override or isolate.
#[track_caller]
fn assert_terminal_safe(what: &str, output: &str) {
    let mut rest = output;
    while let Some(at) = rest.find('\u{1b}') {
        let after = &rest[at + 1..];
        let end = after.find('m').unwrap_or(after.len());
        assert!(
            after.starts_with('[')
                && after[1..end]
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == ';'),
            "{what}: an escape sequence from a record: {:?}",
            &after[..after.len().min(20)]
        );
        rest = &after[end..];
    }
    for c in output.chars() {
        let control = c.is_control() && !matches!(c, '\n' | '\t' | '\u{1b}');
        let bidi = matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
        assert!(!control && !bidi, "{what}: {c:?} reached the terminal");
    }
}

fn out(run: &Run) -> String {
    format!("{}{}", run.stdout_text(), run.stderr_text())
}

// ---- 1. the pull-request comment ----

#[test]
fn html_comment_in_a_title_hides_the_rest_of_the_diff_comment() {
    let repo = RegisterTest::git_repo("pr-diff");
    // "a typo fix": the title that hides, on a risk whose band also moves (medium → low), so it
    // comes first in the comment ...
    repo.edit(
        "risks/RISK-0001.yaml",
        "title: Customers charged twice when a card payment times out",
        &format!("title: {HIDE_YAML}"),
    );
    repo.edit("risks/RISK-0001.yaml", "likelihood: 3", "likelihood: 1");
    // ... and what it would hide: another risk moving to high, a new risk scored 25
    repo.edit("risks/RISK-0003.yaml", "likelihood: 2", "likelihood: 4");
    repo.risk(
        "RISK-0004",
        "title: Refunds stop for every customer\nowner: payments-lead\nlikelihood: 5\nimpact: 5\n",
    );
    // and a new risk whose title carries an image, a link and mentions
    repo.risk(
        "RISK-0005",
        &format!("title: {LURE_YAML}\nowner: '@octocat'\nlikelihood: 1\nimpact: 1\n"),
    );
    repo.commit("Minor typo fix");

    let run = repo
        .cmd(["diff", "HEAD~1", "HEAD", "--format", "md"])
        .discover()
        .success();
    let md = run.stdout_text();
    assert_no_workflow_command("diff --format md", &md);
    let rendered = assert_markdown_is_data("diff --format md", &md);
    let text = rendered.text.replace('\u{200b}', "");
    for expected in [
        "Risk register: 2 added, 2 changed",
        // the band moves, both of them
        "RISK-0001 Minor typo fix  <!--: band medium → low",
        "RISK-0003 Wrong delivery dates promised by the chat assistant: band medium → high",
        // the new risks, the one scored 25 and the one with the lure, as text
        "RISK-0004 | Refunds stop for every customer | high, score 25 | ",
        &format!("RISK-0005 | {LURE} | low, score 1 | "),
        // the changed records, title and all
        " | band | medium | low | ",
        "RISK-0003 Wrong delivery dates promised by the chat assistant | likelihood | 2 | 4 | ",
        " | band | medium | high | ",
    ] {
        assert!(
            text.contains(expected),
            "the rendered comment lacks {expected:?}:\n{text}"
        );
    }
    // The title changed too: its old and new text are both in the table, as text.
    let title_row = format!(
        " | title | Customers charged twice when a card payment times out | {} | ",
        HIDE.replace('\r', " ")
    );
    assert!(text.contains(&title_row), "{text}");
}

// ---- 2. every other Markdown output ----

/// Settings whose names are hostile too: a pull request can edit register.yaml.
const HOSTILE_SETTINGS: &str = r#"name: "Hostile <!-- register"
scales:
  likelihood: [rare, '@octocat', possible, likely, "almost\r\r<!--"]
  impact: [negligible, '<img src=x onerror=alert(1)>', moderate, major, '[severe](https://evil.example)']
stages: [sale, '<b>billing</b>']
categories: [financial, '#1 @acme/team']
harms: [delay, www.evil.example]
"#;

fn hostile_register() -> RegisterTest {
    let r = RegisterTest::with_settings(HOSTILE_SETTINGS);
    r.risk(
        "RISK-0001",
        &format!(
            "title: {HIDE_YAML}\nstage: '<b>billing</b>'\ncategory: '#1 @acme/team'\nowner: '@octocat'\n\
             likelihood: 5\nimpact: 5\nfmea:\n  failure_mode: x\n  severity: 9\n  occurrence: 8\n  detection: 7\n\
             actions:\n- id: A1\n  title: {LURE_YAML}\n  owner: '@octocat'\n  due: 2026-01-01\n  status: open\n"
        ),
    );
    r.risk(
        "RISK-0002",
        &format!(
            "title: {LURE_YAML}\nstage: sale\ncategory: financial\nlikelihood: 2\nimpact: 2\n"
        ),
    );
    r.write(
        "incidents/INC-0001.yaml",
        format!(
            "id: INC-0001\ntitle: {LURE_YAML}\nseverity: 3\nharms: [www.evil.example]\nrisks: [RISK-0001]\n\
             detected: 2026-11-02T09:00:00+00:00\nactions:\n- id: A1\n  title: {HIDE_YAML}\n  owner: '@octocat'\n  due: 2026-11-01\n"
        ),
    );
    r.write(
        "claims/CLM-0001.yaml",
        "id: CLM-0001\nincident: INC-0001\ncustomer: '@octocat <img src=x>'\nreceived: 2026-11-03\n\
         requested:\n  type: refund\n  amount: 10.00\nevidence: ['[receipt](https://evil.example)']\n",
    );
    r
}

#[test]
fn raw_html_links_and_mentions_pass_through_every_markdown_output() {
    let r = hostile_register();
    let commands: &[&[&str]] = &[
        &["list"],
        &["matrix"],
        &["rank"],
        &["overdue"],
        &["actions"],
        &["coverage"],
        &["trends"],
        &["trends", "--by", "harm"],
        &["trends", "--by", "stage"],
        &["claims"],
        &["incident", "list"],
        &["claim", "list"],
        &["export", "--kind", "risks"],
        &["export", "--kind", "incidents"],
        &["export", "--kind", "claims"],
        &["export", "--kind", "actions"],
    ];
    for args in commands {
        let what = format!("{} --format md", args.join(" "));
        let run = r.cmd(*args).args(["--format", "md"]).success();
        let md = run.stdout_text();
        assert_no_workflow_command(&what, &md);
        assert_markdown_is_data(&what, &md);
    }
    // The record text is still there, as text.
    let text = |args: &[&str]| {
        render_gfm(&r.cmd(args).args(["--format", "md"]).success().stdout_text())
            .text
            .replace('\u{200b}', "")
    };
    let list = text(&["list"]);
    for expected in [
        "RISK-0001 | Minor typo fix  <!-- | <b>billing</b> | #1 @acme/team | @octocat | ",
        &format!("RISK-0002 | {LURE} | sale | financial | "),
    ] {
        assert!(list.contains(expected), "list lacks {expected:?}:\n{list}");
    }
    let matrix = text(&["matrix"]);
    for label in [
        "2 <img src=x onerror=alert(1)>",
        "5 [severe](https://evil.example)",
        "2 @octocat",
        "5 almost  <!--",
    ] {
        assert!(matrix.contains(label), "matrix lacks {label:?}:\n{matrix}");
    }
    let claims = text(&["claim", "list"]);
    assert!(
        claims.contains("CLM-0001 | INC-0001 | @octocat <img src=x> | "),
        "{claims}"
    );
}

// ---- 3. workflow commands in CI logs ----

#[test]
fn a_title_with_a_workflow_command_runs_in_ci_logs() {
    let r = RegisterTest::new();
    // as `risk fmt` writes a title with a line break: a literal block
    r.risk(
        "RISK-0001",
        "title: |-\n  Typo\n  ::add-mask::hunter2\nowner: \"ops\\r::set-output name=approved::true\"\n\
         likelihood: 5\nimpact: 5\nactions:\n- id: A1\n  title: \"Call the customer back\\n\
         ::error file=register/register.yaml,line=1::Forged failure\"\n  owner: ops\n  due: 2026-01-01\n  status: open\n",
    );
    r.write(
        "incidents/INC-0001.yaml",
        "id: INC-0001\ntitle: \"Outage\\n  ::stop-commands::pwned\"\nseverity: 2\n\
         detected: 2026-11-02T09:00:00+00:00\nrisks: [RISK-0001]\n",
    );
    r.write(
        "claims/CLM-0001.yaml",
        "id: CLM-0001\nincident: INC-0001\ncustomer: 'CUST-1 ##[add-mask]hunter2'\nreceived: 2026-11-03\n",
    );
    // the plain commands CI runs, and every other format but `github`
    let commands: &[&[&str]] = &[
        &["check"],
        &["check", "--strict"],
        &["check", "--format", "json"],
        &["check", "--format", "junit"],
        &["show", "RISK-0001"],
        &["show", "RISK-0001", "--format", "yaml"],
        &["show", "RISK-0001", "--format", "json"],
        &["list"],
        &["list", "--format", "csv"],
        &["list", "--format", "md"],
        &["list", "--format", "json"],
        &["actions"],
        &["actions", "--format", "csv"],
        &["overdue"],
        &["incident", "list"],
        &["incident", "show", "INC-0001"],
        &["incident", "show", "INC-0001", "--format", "yaml"],
        &["claim", "list"],
        &["claim", "show", "CLM-0001"],
        &["export", "--kind", "risks"],
        &["export", "--kind", "risks", "--format", "yaml"],
        &["export", "--kind", "incidents", "--format", "yaml"],
        &["export", "--kind", "claims", "--format", "json"],
        &["export", "--kind", "actions", "--format", "md"],
        &["report", "--out", "-"],
    ];
    for args in commands {
        let run = r.run(*args);
        assert!(
            matches!(run.exit_code(), Some(0 | 1)),
            "{args:?}: {}",
            run.stderr_text()
        );
        assert_no_workflow_command(&args.join(" "), &out(&run));
    }
    // The text is still there, only no longer at the start of a line: the plain `show`
    // keeps the record as written, with a zero-width space after the first colon.
    r.run(["show", "RISK-0001"])
        .success()
        .stdout_has("title: |-\n  Typo\n  :\u{200b}:add-mask::hunter2\n");
    r.run(["check"])
        .stdout_has("action A1 \"Call the customer back\n:\u{200b}:error file=");
    // `github` is the one format whose lines are workflow commands, as meant: one a finding,
    // the record text in their data escaped as the Actions toolkit does.
    let github = r.run(["check", "--format", "github"]).stdout_text();
    for line in github.lines() {
        assert!(
            line.starts_with("::error ") || line.starts_with("::warning "),
            "{line}"
        );
    }
    assert!(
        github.contains(
            "Call the customer back%0A::error file=register/register.yaml,line=1::Forged failure"
        ),
        "{github}"
    );
}

// ---- 4. formulas in CSV cells ----

#[test]
fn csv_cells_starting_with_a_formula_character_run_in_spreadsheets() {
    let r = RegisterTest::new();
    r.risk(
        "RISK-0001",
        "title: '=HYPERLINK(\"https://evil.example\",\"Click\")'\nowner: \"+cmd|' /C calc'!A0\"\n\
         likelihood: 5\nimpact: 5\nactions:\n- id: A1\n  title: -2+3\n  owner: '@SUM(1+1)'\n  status: open\n\
         - id: A2\n  title: '-40'\n  owner: ops\n  status: open\n",
    );
    r.write(
        "incidents/INC-0001.yaml",
        "id: INC-0001\ntitle: \"\\t=1+1\"\nseverity: 2\ndetected: 2026-11-02T09:00:00+00:00\n",
    );
    r.write(
        "claims/CLM-0001.yaml",
        "id: CLM-0001\nincident: INC-0001\ncustomer: \"\\r=1+1\"\nreceived: 2026-11-03\n\
         requested:\n  type: refund\n  amount: 10.00\n",
    );
    let mut cells: Vec<String> = Vec::new();
    for args in [
        &["export", "--kind", "risks"][..],
        &["export", "--kind", "incidents"],
        &["export", "--kind", "claims"],
        &["export", "--kind", "actions"],
        &["list", "--format", "csv"],
        &["actions", "--format", "csv"],
        &["incident", "list", "--format", "csv"],
        &["claim", "list", "--format", "csv"],
    ] {
        let csv = r.run(args).success().stdout_text();
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        for record in reader.records() {
            for cell in record.unwrap().iter() {
                let number = cell.trim_start_matches(['-', '+']).parse::<f64>().is_ok()
                    && !cell.contains(['e', 'E']);
                assert!(
                    number || !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "{args:?}: a formula cell {cell:?}"
                );
                cells.push(cell.to_string());
            }
        }
    }
    for prefixed in [
        "'=HYPERLINK(\"https://evil.example\",\"Click\")",
        "'+cmd|' /C calc'!A0",
        "'-2+3",
        "'@SUM(1+1)",
        "'\t=1+1",
        "'\r=1+1",
    ] {
        assert!(cells.iter().any(|c| c == prefixed), "no cell {prefixed:?}");
    }
    // A number is a number: a spreadsheet reads `-40` as minus forty, never as a formula.
    assert!(cells.iter().any(|c| c == "-40"), "{cells:?}");
}

// ---- 5. characters XML forbids ----

#[test]
fn characters_xml_forbids_break_the_junit_and_html_reports() {
    let r = RegisterTest::new();
    r.risk(
        "RISK-0001",
        concat!(
            "title: \"Noncharacters \\uFFFE\\uFFFF and controls \\x01\\x08\\e[31m\\x7f end\"\n",
            "owner: ops\nlikelihood: 5\nimpact: 5\nactions:\n",
            "- id: A1\n",
            "  title: \"Call back \\uFFFE\\uFFFF\\x01\\x0b\\x0c done\"\n",
            "  owner: ops\n  due: 2026-01-01\n  status: open\n",
        ),
    );
    let forbidden = |c: char| matches!(c, '\0'..='\x08' | '\x0b' | '\x0c' | '\x0e'..='\x1f' | '\u{fffe}' | '\u{ffff}');
    let junit = r.run(["check", "--format", "junit"]).stdout_text();
    assert!(!junit.contains(forbidden), "{junit:?}");
    let doc = roxmltree::Document::parse(&junit).expect("well-formed XML");
    let said: String = doc
        .descendants()
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        said.contains("action A1 \"Call back  done\" was due"),
        "{said}"
    );
    let html = r.run(["report", "--out", "-"]).success().stdout_text();
    assert!(
        !html.contains(forbidden),
        "the report holds a character XML forbids"
    );
    assert!(html.contains("Noncharacters  and controls [31m"), "{html}");
    assert!(html.contains("Call back  done"));
}

// ---- 6. escape sequences at the terminal ----

/// An OSC 8 hyperlink, a screen clear, a window title, an 8-bit CSI, a right-to-left override,
/// a carriage return that overwrites the line, and a backspace.
const TERMINAL_YAML: &str = r#""Printer jam \e]8;;https://evil.example\e\\click\e]8;;\e\\ \e[2J\e]0;pwned\a\x9b31m \u202Eevil\u202C\rOK\x08""#;

#[test]
fn escape_sequences_in_record_text_reach_the_terminal() {
    let repo = RegisterTest::git_repo("pr-diff");
    repo.risk(
        "RISK-0004",
        &format!(
            "title: {TERMINAL_YAML}\nowner: {TERMINAL_YAML}\nlikelihood: 5\nimpact: 5\n\
             actions:\n- id: A1\n  title: {TERMINAL_YAML}\n  owner: ops\n  due: 2026-01-01\n  status: open\n"
        ),
    );
    for args in [
        &["list"][..],
        &["show", "RISK-0004"],
        &["check"],
        &["actions"],
        &["overdue"],
        &["rank"],
        &["diff"],
    ] {
        let run = repo.cmd(args).arg("--color").arg("always").discover().run();
        assert!(
            matches!(run.exit_code(), Some(0 | 1)),
            "{args:?}: {}",
            run.stderr_text()
        );
        assert_terminal_safe(&args.join(" "), &out(&run));
        // what is left of the text is still shown
        assert!(
            run.stdout_text().contains(
                "Printer jam ]8;;https://evil.example\\click]8;;\\ [2J]0;pwned31m evilOK"
            ) || args == ["rank"],
            "{args:?}: {}",
            run.stdout_text()
        );
    }
    // Our own colours are still there.
    repo.cmd(["list", "--color", "always"])
        .discover()
        .success()
        .stdout_has("\u{1b}[1m\u{1b}[31mhigh\u{1b}[0m");
}
