//! History from git is cheap on real histories (DESIGN 13): every command that reads history
//! starts at most ONE `git log` and ONE `git cat-file --batch`, never a process per commit or
//! per file. A `git` first on PATH counts what each run of `risk` starts.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::history::{commit_as, five_commits, history, id_trends};
use crate::support::RegisterTest;

/// A `git` that writes its subcommand (the first argument that is not an option of git
/// itself) to `$RISK_TEST_GIT_LOG`, then runs the real one.
fn counting_git(repo: &RegisterTest) -> (PathBuf, PathBuf) {
    let real = std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
        .map(|dir| dir.join("git"))
        .find(|path| path.is_file())
        .expect("git is on PATH");
    let bin = repo.beside("counting-git/git", "");
    let script = format!(
        "#!/bin/sh\n\
         sub=\n\
         skip=\n\
         for arg in \"$@\"; do\n\
           if [ -n \"$skip\" ]; then skip=; continue; fi\n\
           case \"$arg\" in\n\
             -c|-C) skip=1 ;;\n\
             -*) ;;\n\
             *) sub=\"$arg\"; break ;;\n\
           esac\n\
         done\n\
         echo \"$sub\" >> \"$RISK_TEST_GIT_LOG\"\n\
         exec '{}' \"$@\"\n",
        real.display()
    );
    std::fs::write(&bin, script).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&bin, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let log = repo.beside("counting-git/log", "");
    (bin.parent().unwrap().to_path_buf(), log)
}

/// Runs `risk args` with the counting git; how many of each git subcommand it started.
fn count(repo: &RegisterTest, args: &[&str]) -> BTreeMap<String, usize> {
    let (dir, log) = counting_git(repo);
    std::fs::write(&log, "").unwrap();
    let path = std::env::join_paths(std::iter::once(dir).chain(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    )))
    .unwrap();
    repo.cmd(args)
        .env("PATH", path)
        .env("RISK_TEST_GIT_LOG", &log)
        .run()
        .success();
    let mut counts = BTreeMap::new();
    for line in std::fs::read_to_string(&log).unwrap().lines() {
        *counts.entry(line.to_string()).or_insert(0) += 1;
    }
    counts
}

/// [`five_commits`] and a sixth: RISK-0003's file renamed to `.yml` (the same record).
fn six_commits() -> RegisterTest {
    let repo = five_commits();
    let text = repo.read("risks/RISK-0003.yaml");
    repo.remove("risks/RISK-0003.yaml");
    repo.write("risks/RISK-0003.yml", text);
    commit_as(&repo, "Rename a file", "Eve", "2026-10-01T09:00:00+00:00");
    repo
}

fn assert_cheap(repo: &RegisterTest, args: &[&str], logs: usize) {
    let counts = count(repo, args);
    let of = |sub: &str| counts.get(sub).copied().unwrap_or(0);
    assert_eq!(
        of("log"),
        logs,
        "`risk {}` started {counts:?}",
        args.join(" ")
    );
    assert_eq!(
        of("cat-file"),
        1,
        "`risk {}` started {counts:?}",
        args.join(" ")
    );
    // Besides them, only a fixed few `rev-parse` (the repository, the revisions named, where
    // a shallow clone lists its commits): no `ls-tree`, nothing per commit or file.
    let others: usize = counts
        .iter()
        .filter(|(sub, _)| !["log", "cat-file", "rev-parse"].contains(&sub.as_str()))
        .map(|(_, n)| n)
        .sum();
    assert_eq!(others, 0, "`risk {}` started {counts:?}", args.join(" "));
    assert!(
        of("rev-parse") <= 4,
        "`risk {}` started {counts:?}",
        args.join(" ")
    );
}

#[test]
fn every_history_command_starts_one_git_log_and_one_cat_file() {
    let repo = six_commits();
    // Followed across the rename to .yml and back to its first commit.
    let entries = history(&repo, "RISK-0003");
    assert!(
        entries.iter().any(|(_, who, _)| who == "Bob"),
        "{entries:?}"
    );
    // Followed across the renumber from RISK-0002.
    let entries = history(&repo, "RISK-0004");
    assert_eq!(
        entries.first().map(|e| e.1.as_str()),
        Some("Ann"),
        "{entries:?}"
    );

    assert_cheap(&repo, &["history", "RISK-0003", "--format", "json"], 1);
    assert_cheap(&repo, &["history", "RISK-0004"], 1);
    assert_cheap(&repo, &["history", "RISK-0001", "--format", "md"], 1);
    assert_cheap(&repo, &["trends", "--profile", "--format", "json"], 1);
    assert_cheap(
        &repo,
        &[
            "trends",
            "--profile",
            "--every",
            "quarter",
            "--since",
            "2026-01-01",
        ],
        1,
    );
    assert_cheap(&repo, &["report", "--since", "HEAD~4", "--out", "-"], 1);
    assert_cheap(&repo, &["list", "--since", "HEAD~4"], 1);
    assert_cheap(
        &repo,
        &["list", "--since", "@{2026-06-30}", "--format", "json"],
        1,
    );
    // With --at as well: still one of each.
    assert_cheap(
        &repo,
        &[
            "--at", "HEAD~1", "report", "--since", "HEAD~4", "--out", "-",
        ],
        1,
    );
    assert_cheap(&repo, &["--at", "HEAD~1", "list", "--since", "HEAD~3"], 1);
    assert_cheap(&repo, &["--at", "HEAD~2", "trends", "--profile"], 1);
    assert_cheap(&repo, &["--at", "HEAD~1", "history", "RISK-0004"], 1);
    // --at alone reads no log at all; a day reads one to find its commit.
    assert_cheap(&repo, &["--at", "HEAD~3", "list", "--all"], 0);
    assert_cheap(&repo, &["--at", "HEAD~3", "check"], 0);
    assert_cheap(&repo, &["--at", "@{2026-07-31}", "matrix"], 1);
}

#[test]
fn list_since_follows_a_renumbered_and_a_moved_risk_to_their_old_selves() {
    let repo = six_commits();
    // Since the first commit: RISK-0002 became RISK-0004 (same band), RISK-0003 moved to .yml
    // and rose from medium to high, then the bands widened: medium again.
    let rows = repo.json(["list", "--since", "HEAD~5"]);
    let trends = id_trends(&rows);
    assert_eq!(trends, [("RISK-0003", "same"), ("RISK-0004", "same")]);
    // Since the renumber, RISK-0004 is itself; a risk added since under an old id is new.
    let rows = repo.json(["list", "--since", "HEAD~3"]);
    assert_eq!(rows[1]["trend"], "same");
    repo.run(["renumber", "RISK-0004", "--to", "RISK-0007"])
        .success();
    commit_as(&repo, "Renumber again", "Eve", "2026-10-02T09:00:00+00:00");
    repo.risk(
        "RISK-0004",
        "title: A new risk under an old id\nlikelihood: 1\nimpact: 1\n",
    );
    commit_as(&repo, "Reuse an id", "Eve", "2026-10-03T09:00:00+00:00");
    let rows = repo.json(["list", "--since", "HEAD~5"]);
    let trends = id_trends(&rows);
    assert_eq!(
        trends,
        [
            ("RISK-0003", "down"),
            ("RISK-0004", "new"),
            ("RISK-0007", "same")
        ]
    );
}

#[test]
fn a_shallow_clone_gets_a_clear_message_from_every_history_command() {
    let repo = five_commits();
    let url = format!("file://{}", repo.folder().display());
    // Two commits: RISK-0001 closed (2026-08-10, the boundary) and the bands widened.
    crate::history::git_in(
        repo.folder(),
        &["clone", "-q", "--depth", "2", &url, "shallow"],
        "Ann",
        "2026-11-23T10:00:00+00:00",
    );
    let run = |args: &[&str]| repo.cmd(args).current_dir("shallow").discover().run();
    let missing = "the clone is shallow";
    for id in ["RISK-0003", "RISK-0001", "RISK-0004"] {
        run(&["history", id])
            .code(2)
            .stderr_has("history starts at ")
            .stderr_has(&format!(
                "(2026-08-10): {missing}, so the history of {id} before it"
            ))
            .stderr_has("git fetch --unshallow");
    }
    run(&["trends", "--profile", "--since", "2026-05-01"])
        .code(2)
        .stderr_has(&format!(
            "(2026-08-10): {missing}, so the register on 2026-05-31 is not known"
        ));
    let profile = run(&["trends", "--profile", "--format", "json"])
        .success()
        .stderr_has(&format!(
            "(2026-08-10): {missing}, so the profile starts there"
        ));
    assert_eq!(profile.json()[0]["period"], "2026-08");
    for command in ["list", "report"] {
        for rev in ["HEAD~3", "@{2026-06-30}"] {
            let mut args = vec![command, "--since", rev];
            if command == "report" {
                args.extend(["--out", "-"]);
            }
            run(&args)
                .code(2)
                .stderr_has(missing)
                .stderr_has("git fetch --unshallow");
        }
    }
    // What the clone holds is answered: since its first commit, the bands widened.
    let rows = repo
        .cmd(["list", "--since", "HEAD~1", "--format", "json"])
        .current_dir("shallow")
        .discover()
        .run()
        .success()
        .json();
    assert_eq!(rows[0]["trend"], "down");
}
