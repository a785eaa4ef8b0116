//! `stancemap balance`: the balance of forces on each issue (definitions in
//! [`crate::analysis::balance`] and the README), as CSV, or drawn as bars in PNG or SVG.

use std::path::PathBuf;

use anyhow::{Context as _, bail};

use super::analysis::{PictureArgs, cell, document};
use super::{FilterArgs, TableArgs};
use crate::analysis::balance;
use crate::export::balance::BalancePage;
use crate::export::{self, Format};

/// Options of `stancemap balance`.
#[derive(Debug, clap::Args)]
pub struct BalanceArgs {
    /// The positions file.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Which issues, stances and dates count.
    #[command(flatten)]
    pub filter: FilterArgs,

    /// How a table is read.
    #[command(flatten)]
    pub table: TableArgs,

    /// Where to write: .csv (`issue,actors,weighted,support,condition,neutral,reject,balance`,
    /// one row per issue, the weights as sums) or .png / .svg (the bars).
    #[arg(long, short, value_name = "PATH")]
    pub out: PathBuf,

    /// How pictures look.
    #[command(flatten)]
    pub picture: PictureArgs,
}

/// Runs `stancemap balance`; returns the summary line.
pub fn balance(args: &BalanceArgs) -> anyhow::Result<String> {
    let started = std::time::Instant::now();
    let doc = document(&args.file, &args.filter, &args.table)?;
    let dataset = doc.dataset();
    let positions: Vec<_> = doc.visible_positions().collect();
    let balances = balance::balances(dataset, &positions);
    let format = Format::from_path(&args.out);
    let bytes = match format {
        Some(Format::Csv) => {
            let mut writer = csv::Writer::from_writer(Vec::new());
            writer.write_record([
                "issue",
                "actors",
                "weighted",
                "support",
                "condition",
                "neutral",
                "reject",
                "balance",
            ])?;
            for b in &balances {
                let mut record = vec![
                    dataset.issue(b.issue).id.clone(),
                    b.actors.to_string(),
                    b.weighted.to_string(),
                ];
                record.extend(b.weights.iter().map(|&w| cell(w)));
                record.push(b.balance().map(|v| format!("{v:.4}")).unwrap_or_default());
                writer.write_record(&record)?;
            }
            writer.into_inner().context("writing the CSV")?
        }
        Some(format @ (Format::Png | Format::Svg)) => {
            let title = format!("{}: the balance of forces", dataset.title);
            let page = BalancePage::new(
                dataset,
                &balances,
                &title,
                doc.footer(),
                args.picture.theme(),
                args.picture.scale,
            );
            page.render(format)?
        }
        _ => bail!(
            "the balance is written as .csv, .png or .svg: {}",
            args.out.display()
        ),
    };
    export::write_atomic(&args.out, &bytes).context("balance failed")?;
    let weighted = balances.iter().filter(|b| b.balance().is_some()).count();
    Ok(format!(
        "{}: {} issues, {weighted} with weight (influence × salience) recorded, {} bytes, {:.2} s",
        args.out.display(),
        balances.len(),
        bytes.len(),
        started.elapsed().as_secs_f64()
    ))
}
