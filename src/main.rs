//! The `press-ner` binary: parse flags, dispatch, map the outcome to an exit status.
//! Everything else lives in the library.

use clap::Parser;
use press_ner::cli::{Cli, Command, DictCommand};

/// See Cargo.toml for why and for the measurements; the library leaves the choice to its users.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let cli = Cli::parse();
    let code = match &cli.command {
        Command::Extract(args) => press_ner::run::extract(args),
        Command::Diff(args) => press_ner::diff::run(args),
        Command::Dict {
            command: DictCommand::Check { paths },
        } => press_ner::run::dict_check(paths),
    };
    std::process::exit(code);
}
