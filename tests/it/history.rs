//! History from git (DESIGN 13) on real temporary repositories: commits dated and authored by
//! different people; `--at`, `risk history`, `trends --profile`, `--since`, shallow clones.

use std::path::Path;

use serde_json::{Value, json};

use crate::support::RegisterTest;

/// When the git commands a test runs after the history (tags, clones) are made.
const NOW: &str = "2026-11-23T10:00:00+00:00";

/// Runs git in `dir` with this author and date (committer too).
pub(crate) fn git_in(dir: &Path, args: &[&str], who: &str, date: &str) -> String {
    let email = format!("{}@example.invalid", who.to_lowercase());
    let output = std::process::Command::new("git")
        .args(["-c", "commit.gpgsign=false", "-c", "core.autocrlf=false"])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", who)
        .env("GIT_AUTHOR_EMAIL", &email)
        .env("GIT_COMMITTER_NAME", who)
        .env("GIT_COMMITTER_EMAIL", &email)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .output()
        .expect("git runs");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// Commits everything as `who` on `date` (e.g. `2026-06-20T10:00:00+00:00`).
pub(crate) fn commit_as(repo: &RegisterTest, message: &str, who: &str, date: &str) {
    git_in(repo.folder(), &["add", "-A"], who, date);
    git_in(repo.folder(), &["commit", "-q", "-m", message], who, date);
}

/// The `pr-diff` register through five commits, one a month, by four people:
/// 1. 2026-05-15 Ann: the register (RISK-0003 likelihood 2 × impact 3 = 6, medium)
/// 2. 2026-06-20 Bob: RISK-0003's likelihood raised to 4 (score 12, high)
/// 3. 2026-07-05 Cat: RISK-0002 renumbered to RISK-0004
/// 4. 2026-08-10 Ann: RISK-0001 closed
/// 5. 2026-09-03 Dan: the bands widened (medium up to 12): RISK-0003 is medium again
pub(crate) fn five_commits() -> RegisterTest {
    let repo = RegisterTest::fixture("pr-diff");
    git_in(
        repo.folder(),
        &["init", "-q", "-b", "main"],
        "Ann",
        "2026-05-15T09:00:00+00:00",
    );
    commit_as(&repo, "The register", "Ann", "2026-05-15T09:00:00+00:00");
    repo.edit("risks/RISK-0003.yaml", "likelihood: 2", "likelihood: 4");
    commit_as(
        &repo,
        "Chat promises are often wrong",
        "Bob",
        "2026-06-20T10:00:00+00:00",
    );
    repo.run(["renumber", "RISK-0002", "--to", "RISK-0004"])
        .success();
    commit_as(
        &repo,
        "Renumber the hold-music risk",
        "Cat",
        "2026-07-05T11:00:00+02:00",
    );
    repo.run(["close", "RISK-0001"]).success();
    commit_as(
        &repo,
        "Close the double-charge risk",
        "Ann",
        "2026-08-10T08:30:00+00:00",
    );
    repo.edit("register.yaml", "currency: EUR\n", BANDS);
    commit_as(
        &repo,
        "Medium reaches 12",
        "Dan",
        "2026-09-03T16:00:00+00:00",
    );
    repo
}

const BANDS: &str = "currency: EUR\nbands:\n- name: low\n  max: 4\n- name: medium\n  max: 12\n- name: high\n  max: 25\n";

/// The commit `rev` checked out in a worktree beside the repository, as `checkout/`.
fn checkout(repo: &RegisterTest, rev: &str) -> &'static str {
    git_in(
        repo.folder(),
        &["worktree", "add", "-q", "--detach", "checkout", rev],
        "Ann",
        "2026-11-23T10:00:00+00:00",
    );
    "checkout"
}

#[test]
fn at_reads_every_command_as_a_checkout_of_that_commit_would() {
    let repo = five_commits();
    let before = repo.folder_tree();
    let dir = checkout(&repo, "HEAD~3");
    let commands: &[&[&str]] = &[
        &["list"],
        &["list", "--all", "--format", "json"],
        &["show", "RISK-0002"],
        &["show", "RISK-0003", "--format", "json"],
        &["matrix"],
        &["rank", "--format", "csv"],
        &["overdue"],
        &["actions"],
        &["check", "--format", "json"],
        &["claims"],
        &["export", "--kind", "risks", "--format", "json"],
        &["coverage"],
        &["trends"],
        &["incident", "list"],
        &["claim", "list"],
        &["report", "--out", "-"],
    ];
    for args in commands {
        let at = repo
            .cmd(["--at", "HEAD~3"])
            .args(*args)
            .discover()
            .run()
            .success();
        let there = repo.cmd(*args).current_dir(dir).discover().run().success();
        assert_eq!(
            at.stdout_text(),
            there.stdout_text(),
            "risk --at HEAD~3 {args:?} differs from the same command in a checkout"
        );
        assert!(!at.stdout_text().is_empty(), "{args:?} printed nothing");
    }
    // RISK-0002 is still there at HEAD~3, not in the working tree.
    repo.cmd(["--at", "HEAD~3", "show", "RISK-0002"])
        .discover()
        .run()
        .success()
        .stdout_has("Hold music loops");
    repo.cmd(["show", "RISK-0002"]).discover().run().code(2);
    git_in(
        repo.folder(),
        &["worktree", "remove", "--force", dir],
        "Ann",
        NOW,
    );
    let after = repo.folder_tree();
    assert!(
        before == after,
        "the folder changed: {}",
        before.changes(&after)
    );
}

#[test]
fn at_takes_tags_branches_and_days() {
    let repo = five_commits();
    git_in(repo.folder(), &["tag", "board-june", "HEAD~3"], "Ann", NOW);
    let band = |rev: &str| -> Value {
        let rows = repo.json(["--at", rev, "list", "--all"]);
        let row = rows
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == "RISK-0003")
            .cloned()
            .unwrap();
        json!([row["score"], row["band"]])
    };
    assert_eq!(band("board-june"), json!([12, "high"]));
    assert_eq!(band("main"), json!([12, "medium"]));
    // The last commit on or before the day, from the history (not the reflog).
    assert_eq!(band("@{2026-06-19}"), json!([6, "medium"]));
    assert_eq!(band("@{2026-06-20}"), json!([12, "high"]));
    assert_eq!(band("main@{2026-08-31}"), json!([12, "high"]));
    repo.cmd(["--at", "@{2026-05-01}", "list"])
        .run()
        .code(2)
        .stderr_has("no commit of HEAD was made on or before 2026-05-01");
    repo.cmd(["--at", "no-such-branch", "list"])
        .run()
        .code(2)
        .stderr_has("`no-such-branch` is not a commit");
}

#[test]
fn at_reads_analyses_as_committed() {
    let repo = five_commits();
    repo.write(
        "analyses/SWOT-0001.yaml",
        "id: SWOT-0001\ntitle: Customer service SWOT\nheld: 2026-09-01\nthreats:\n- {text: Stricter enforcement, risks: [RISK-0003]}\n",
    );
    repo.write(
        "analyses/PESTLE-0001.yaml",
        "id: PESTLE-0001\ntitle: External factors\nheld: 2026-09-01\nlegal:\n- {text: Passenger rights, risks: [RISK-0003]}\n",
    );
    commit_as(&repo, "Analyses", "Bob", "2026-09-10T09:00:00+00:00");
    for args in [["swot"], ["pestle"]] {
        let mut at = vec!["--at", "HEAD"];
        at.extend(args);
        assert_eq!(repo.json(at), repo.json(args), "{args:?}");
    }
    assert_eq!(
        repo.json(["--at", "HEAD", "export", "--kind", "analyses"]),
        repo.json(["export", "--kind", "analyses"])
    );
    // Before the analyses were committed, there were none.
    repo.cmd(["--at", "HEAD~1", "swot"])
        .run()
        .code(2)
        .stderr_has("no SWOT analysis in the register yet");
}

#[test]
fn at_is_refused_by_commands_that_change_the_register() {
    let repo = five_commits();
    for args in [
        &["edit", "RISK-0003", "--set", "likelihood=1"][..],
        &["close", "RISK-0003"],
        &["add", "--title", "x", "--no-input"],
        &["claim", "pay", "CLM-0001"],
        &["fmt"],
        &["renumber", "RISK-0003"],
    ] {
        repo.cmd(["--at", "HEAD~1"])
            .args(args)
            .run()
            .code(2)
            .stderr_has("changes the register, and a past revision cannot be changed")
            .unchanged();
    }
    repo.cmd(["--at", "HEAD~1", "diff"])
        .run()
        .code(2)
        .stderr_has("`risk diff BASE HEAD~1`");
}

/// `(date, author, [(field, from, to)])` of an entry of `risk history`.
pub(crate) type Entry = (String, String, Vec<(String, Value, Value)>);

/// `(date, author, [(field, from, to)])` of each entry of `risk history ID --format json`.
pub(crate) fn history(repo: &RegisterTest, id: &str) -> Vec<Entry> {
    let entries = repo.json(["history", id]);
    entries
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            assert_eq!(
                crate::support::keys(e),
                [
                    "commit", "date", "author", "email", "subject", "file", "changes"
                ]
            );
            let changes = e["changes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| {
                    (
                        c["field"].as_str().unwrap().to_string(),
                        c["from"].clone(),
                        c["to"].clone(),
                    )
                })
                .collect();
            (
                e["date"].as_str().unwrap()[..10].to_string(),
                e["author"].as_str().unwrap().to_string(),
                changes,
            )
        })
        .collect()
}

/// Each row's id and trend, in order, from `list --since REV --format json`.
pub(crate) fn id_trends(rows: &Value) -> Vec<(&str, &str)> {
    rows.as_array()
        .unwrap()
        .iter()
        .map(|r| (r["id"].as_str().unwrap(), r["trend"].as_str().unwrap()))
        .collect()
}

fn change(field: &str, from: Value, to: Value) -> (String, Value, Value) {
    (field.to_string(), from, to)
}

#[test]
fn history_shows_who_raised_the_likelihood_and_what_the_settings_did_to_the_band() {
    let repo = five_commits();
    let got = history(&repo, "RISK-0003");
    let summary: Vec<(&str, &str)> = got
        .iter()
        .map(|(d, a, _)| (d.as_str(), a.as_str()))
        .collect();
    assert_eq!(
        summary,
        [
            ("2026-05-15", "Ann"),
            ("2026-06-20", "Bob"),
            ("2026-09-03", "Dan")
        ]
    );
    // created: every key from nothing, then the values derived from them
    assert!(
        got[0]
            .2
            .contains(&change("likelihood", Value::Null, json!(2)))
    );
    assert!(
        got[0]
            .2
            .contains(&change("band", Value::Null, json!("medium")))
    );
    assert_eq!(
        got[1].2,
        [
            change("likelihood", json!(2), json!(4)),
            change("score", json!(6), json!(12)),
            change("band", json!("medium"), json!("high")),
        ]
    );
    // the record did not change; the bands did, and with them its band
    assert_eq!(got[2].2, [change("band", json!("high"), json!("medium"))]);
}

#[test]
fn history_follows_a_renumbered_record_back_to_its_old_id() {
    let repo = five_commits();
    let got = history(&repo, "RISK-0004");
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(
        (got[0].0.as_str(), got[0].1.as_str()),
        ("2026-05-15", "Ann")
    );
    assert!(
        got[0]
            .2
            .contains(&change("id", Value::Null, json!("RISK-0002")))
    );
    assert_eq!(
        (got[1].0.as_str(), got[1].1.as_str()),
        ("2026-07-05", "Cat")
    );
    assert_eq!(
        got[1].2,
        [
            change("id", json!("RISK-0002"), json!("RISK-0004")),
            change(
                "file",
                json!("risks/RISK-0002.yaml"),
                json!("risks/RISK-0004.yaml")
            ),
        ]
    );
    // The old id's history ends where it was renumbered away.
    let old = history(&repo, "RISK-0002");
    assert_eq!(old.len(), 2);
    assert_eq!(old[1].1, "Cat");
}

#[test]
fn history_shows_a_risk_closed_and_renders_as_a_table_and_markdown() {
    let repo = five_commits();
    let got = history(&repo, "RISK-0001");
    let closed = got.last().unwrap();
    assert_eq!(
        (closed.0.as_str(), closed.1.as_str()),
        ("2026-08-10", "Ann")
    );
    assert!(
        closed
            .2
            .contains(&change("status", Value::Null, json!("closed"))),
        "{closed:?}"
    );
    repo.run(["history", "risk-0003"])
        .success()
        .stdout_has("┆ 2026-06-20 ┆ Bob    ┆ likelihood ┆ 2      ┆ 4")
        .stdout_has("┆ band       ┆ medium ┆ high");
    repo.run(["history", "RISK-0003", "--format", "md"])
        .success()
        .stdout_has("### History of RISK-0003")
        .stdout_has("**2026-06-20** `")
        .stdout_has(" Bob: Chat promises are often wrong")
        .stdout_has("| `likelihood` | 2 | 4 |");
    // As the register was at a revision: the settings change is not there yet.
    let at = repo.json(["--at", "HEAD~1", "history", "RISK-0003"]);
    assert_eq!(at.as_array().unwrap().len(), 2);
    repo.run(["history", "RISK-0099"])
        .code(2)
        .stderr_has("RISK-0099: no commit of");
}

#[test]
fn profile_counts_open_risks_per_band_at_each_month_end() {
    let repo = five_commits();
    let rows = repo.json(["trends", "--profile"]);
    let got: Vec<(String, Value, bool)> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            assert_eq!(
                crate::support::keys(r),
                ["period", "end", "commit", "bands", "out_of_appetite"]
            );
            (
                r["period"].as_str().unwrap().to_string(),
                r["bands"].clone(),
                r["commit"].is_string(),
            )
        })
        .collect();
    let bands = |low, medium, high| json!({"low": low, "medium": medium, "high": high});
    // Counted by hand from the five commits (see `five_commits`):
    let expected = [
        // RISK-0001 3×3 medium, RISK-0002 2×2 low, RISK-0003 2×3 medium
        ("2026-05", bands(1, 2, 0)),
        // RISK-0003 raised to 4×3 = 12: high
        ("2026-06", bands(1, 1, 1)),
        // RISK-0002 renumbered: the same counts
        ("2026-07", bands(1, 1, 1)),
        // RISK-0001 closed
        ("2026-08", bands(1, 0, 1)),
        // medium now reaches 12: RISK-0003 is medium
        ("2026-09", bands(1, 1, 0)),
        ("2026-10", bands(1, 1, 0)),
        ("2026-11", bands(1, 1, 0)),
    ];
    let expected: Vec<(String, Value, bool)> = expected
        .into_iter()
        .map(|(p, b)| (p.to_string(), b, true))
        .collect();
    assert_eq!(got, expected);
    assert_eq!(rows[0]["out_of_appetite"], Value::Null);
    assert_eq!(rows[0]["end"], "2026-05-31");

    let quarters = repo.json([
        "trends",
        "--profile",
        "--every",
        "quarter",
        "--since",
        "2026-03-01",
    ]);
    let got: Vec<(&str, &Value)> = quarters
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["period"].as_str().unwrap(), &r["bands"]))
        .collect();
    assert_eq!(
        got,
        [
            ("2026-Q1", &bands(0, 0, 0)),
            ("2026-Q2", &bands(1, 1, 1)),
            ("2026-Q3", &bands(1, 1, 0)),
            ("2026-Q4", &bands(1, 1, 0)),
        ]
    );
    assert_eq!(quarters[0]["commit"], Value::Null);
    repo.run(["trends", "--profile", "--every", "quarter"])
        .success()
        .stdout_has("│ period  ┆ low ┆ medium ┆ high ┆ out_of_appetite ┆ commit")
        .stdout_has("│ 2026-Q2 ┆ 1   ┆ 1      ┆ 1    ┆ -");
    repo.run(["trends", "--every", "quarter"]).code(2);
}

#[test]
fn a_shallow_clone_says_how_much_history_is_missing() {
    let repo = five_commits();
    let url = format!("file://{}", repo.folder().display());
    git_in(
        repo.folder(),
        &["clone", "-q", "--depth", "1", &url, "shallow"],
        "Ann",
        NOW,
    );
    let history = repo
        .cmd(["history", "RISK-0003"])
        .current_dir("shallow")
        .discover()
        .run()
        .code(2);
    history
        .stderr_has("history starts at ")
        .stderr_has("(2026-09-03): the clone is shallow")
        .stderr_has("git fetch --unshallow");
    repo.cmd(["trends", "--profile", "--since", "2026-05-01"])
        .current_dir("shallow")
        .discover()
        .run()
        .code(2)
        .stderr_has(
            "(2026-09-03): the clone is shallow, so the register on 2026-05-31 is not known",
        );
    // What the clone has is right, and the message says where it starts.
    let profile = repo
        .cmd(["trends", "--profile", "--format", "json"])
        .current_dir("shallow")
        .discover()
        .run()
        .success()
        .stderr_has("the clone is shallow, so the profile starts there");
    assert_eq!(profile.json()[0]["period"], "2026-09");
    repo.cmd(["--at", "HEAD~2", "list"])
        .current_dir("shallow")
        .discover()
        .run()
        .code(2)
        .stderr_has("git fetch --unshallow");
}

#[test]
fn list_since_adds_a_trend_column_and_report_since_says_what_changed() {
    let repo = five_commits();
    // Since HEAD~3 (RISK-0003 high, RISK-0001 open, RISK-0002 not yet renumbered): RISK-0004
    // is RISK-0002 renumbered, so it is compared with its old self, not new.
    let rows = repo.json(["list", "--since", "HEAD~3"]);
    let trends = id_trends(&rows);
    assert_eq!(trends, [("RISK-0003", "down"), ("RISK-0004", "same")]);
    let rows = repo.json(["list", "--since", "HEAD~4"]);
    assert_eq!(rows[0]["trend"], "same");
    repo.run(["list", "--since", "HEAD~3"])
        .success()
        .stdout_has("┆ band   ┆ trend ┆")
        .stdout_has("┆ medium ┆ down  ┆");
    repo.run(["list"]).success().stdout_lacks("trend");

    let report = repo
        .run(["report", "--since", "HEAD~3", "--out", "-"])
        .success();
    report
        .stdout_has("What changed since HEAD~3</h2>")
        .stdout_has("0 new, 1 closed, 0 up, 1 down; 0 new incidents; 0 claims paid.")
        .stdout_has("<td>high</td><td aria-label=\"band down\">↓</td><td>medium</td>")
        .stdout_has("RISK-0001</span> Customers charged twice")
        .stdout_has("RISK-0003 <span class=\"travel travel-down\" style=\"font-weight:700;color:#1d6b2a;\" title=\"band down since HEAD~3\">↓</span>")
        .stdout_has("RISK-0004 <span class=\"travel travel-same\"")
        // the profile since then, one column a month from HEAD~3's (June) to today's
        .stdout_has("Open risks per band at each month's end since HEAD~3")
        .stdout_has(">2026-06</text>")
        .stdout_has(">2026-11</text>")
        .stdout_has("<title>2026-08: 1 high</title>")
        .stdout_lacks("<title>2026-05: ");
    repo.run(["report", "--out", "-"])
        .success()
        .stdout_lacks("What changed since");
}

/// The examples of docs/history.md (and the README's section) are ```text blocks starting with
/// `$ risk ...`, since trycmd cannot make git history: each runs here on [`five_commits`] and
/// must print exactly what the page shows. `RISK_DOCS_BLESS=1` writes the real output in.
#[test]
fn the_history_examples_in_the_docs_are_real_output() {
    let repo = five_commits();
    let bless = std::env::var_os("RISK_DOCS_BLESS").is_some();
    let mut checked = 0;
    let mut wrong = Vec::new();
    for page in ["docs/history.md", "README.md"] {
        let path = crate::support::manifest_dir().join(page);
        let text = std::fs::read_to_string(&path).unwrap();
        let mut out = String::new();
        let mut pieces = text.split("```text\n");
        out.push_str(pieces.next().unwrap_or_default());
        for piece in pieces {
            out.push_str("```text\n");
            let (body, after) = piece.split_once("```").unwrap_or((piece, ""));
            let Some(rest) = body.strip_prefix("$ risk ") else {
                out.push_str(piece);
                continue;
            };
            let (command, expected) = rest.split_once('\n').unwrap_or((rest, ""));
            let args: Vec<&str> = command.split_whitespace().collect();
            let real = repo.cmd(&args).discover().run().success().stdout_text();
            if real != expected {
                wrong.push(format!("{page}: `risk {command}` prints:\n{real}"));
            }
            out.push_str(&format!("$ risk {command}\n{real}```{after}"));
            checked += 1;
        }
        if bless {
            std::fs::write(&path, out).unwrap();
        }
    }
    assert!(checked >= 4, "only {checked} examples found");
    assert!(bless || wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn outside_git_the_history_commands_say_that_they_need_it() {
    let register = RegisterTest::fixture("pr-diff");
    for args in [
        &["--at", "HEAD", "list"][..],
        &["history", "RISK-0001"],
        &["trends", "--profile"],
        &["list", "--since", "HEAD"],
    ] {
        register
            .run(args)
            .code(2)
            .stderr_has("not inside a git repository; --at, --since, `risk history`");
    }
}
