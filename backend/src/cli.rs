//! The `kura` command line.

use clap::{Parser, Subcommand};

/// Kura: one live view and one ledger of stock and sales for stores, EC and wholesale.
#[derive(Debug, Parser)]
#[command(name = "kura", version, about)]
pub struct Cli {
    /// What to do; `serve` when omitted.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the API and the dashboard (default).
    Serve,
    /// Apply, revert or list database migrations.
    Migrate {
        /// Direction.
        #[command(subcommand)]
        action: MigrateAction,
    },
    /// Print the GraphQL schema (SDL) to standard output.
    PrintSchema,
    /// Prove that every stock row's on-hand equals the sum of its movements; exits 1 when
    /// any row does not add up.
    Reconcile {
        /// Only this company (its id); all companies the connection can see otherwise.
        #[arg(long)]
        tenant: Option<uuid::Uuid>,
    },
    /// Fill the database with demo or benchmark data (PostgreSQL, as the migration role).
    Seed(SeedArgs),
}

/// `kura seed …`.
#[derive(Debug, clap::Args)]
pub struct SeedArgs {
    /// Companies to create.
    #[arg(long, default_value_t = 1)]
    pub tenants: u32,
    /// Variants per company.
    #[arg(long, default_value_t = 1000)]
    pub variants: u32,
    /// Locations per company.
    #[arg(long, default_value_t = 5)]
    pub locations: u32,
    /// Password of every seeded owner (`owner<N>@<label>.seed.kura.test`).
    #[arg(long, default_value = "seeded-owner-password")]
    pub password: String,
    /// Label in the seeded emails and company names, to tell runs apart.
    #[arg(long, default_value = "demo")]
    pub label: String,
}

/// `kura migrate …`.
#[derive(Debug, Subcommand)]
pub enum MigrateAction {
    /// Apply every pending migration.
    Up,
    /// Revert the most recent migrations.
    Down {
        /// How many to revert.
        #[arg(long, default_value_t = 1)]
        steps: u32,
    },
    /// List migrations and whether each is applied.
    Status,
}
