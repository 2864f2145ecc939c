//! The first run: `risk init DIR` leaves a register that `risk` finds from inside DIR, whatever
//! its name, and says the exact command to type next.

use crate::support::RegisterTest;

#[test]
fn init_myreg_is_found_from_inside_it_and_names_the_next_command() {
    let t = RegisterTest::without_register();
    let out = t.run(["init", "myreg"]).success().stdout_text();
    assert_eq!(
        out, "Created a register in myreg.\nNext: cd myreg && risk add\n",
        "init says where the register is and what to type next"
    );
    t.cmd([
        "add",
        "--title",
        "Refunds paid twice",
        "--likelihood",
        "2",
        "--impact",
        "2",
    ])
    .discover()
    .current_dir("myreg")
    .success()
    .stdout_has("RISK-0001");
    // From a folder below it too, as git finds its repository.
    t.cmd(["list"])
        .discover()
        .current_dir("myreg/risks")
        .success()
        .stdout_has("Refunds paid twice");
    // From the folder above, a register not named `register/` is not guessed at.
    t.cmd(["list"])
        .discover()
        .code(2)
        .stderr_has("no register found");
}

#[test]
fn init_in_the_default_folder_needs_no_cd() {
    let t = RegisterTest::without_register();
    t.run(["init", "--example"])
        .success()
        .stdout_has("Next: risk matrix\n");
    t.cmd(["matrix"])
        .discover()
        .success()
        .stdout_has("RISK-0001");
}

#[test]
fn a_folder_name_with_spaces_is_quoted_in_the_next_command() {
    let t = RegisterTest::without_register();
    t.run(["init", "service risks"])
        .success()
        .stdout_has("Next: cd 'service risks' && risk add\n");
    t.cmd(["list"])
        .discover()
        .current_dir("service risks")
        .success();
}
