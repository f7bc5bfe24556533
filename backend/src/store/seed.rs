//! Bulk demo and benchmark data (`kura seed`): companies with an owner, locations,
//! products with sized variants, and an opening stock row plus its `INITIAL` movement for
//! every variant at every location, so the ledger reconciles from the first moment.
//!
//! Set-based SQL on PostgreSQL (`generate_series`), one statement per table per company:
//! 100 companies × 10,000 variants × 10 locations is 10 million stock rows and as many
//! movements. Runs as the database owner (the migration role), like `kura migrate`,
//! because it writes across companies.

use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, DbErr, Statement, TransactionTrait};
use uuid::Uuid;

/// How much to create.
#[derive(Debug, Clone)]
pub struct SeedPlan {
    /// Companies.
    pub tenants: u32,
    /// Variants per company (in products of up to 10 sizes).
    pub variants: u32,
    /// Locations per company (the first is a warehouse, the rest stores).
    pub locations: u32,
    /// The owners' password, already hashed (PHC string).
    pub password_hash: String,
    /// Distinguishes this run's companies and emails from earlier runs.
    pub label: String,
}

/// One seeded company.
#[derive(Debug, Clone)]
pub struct SeededTenant {
    /// The company.
    pub tenant_id: Uuid,
    /// Its owner's email.
    pub owner_email: String,
}

/// Sizes a seeded product comes in.
const SIZES: [&str; 10] = ["XS", "S", "M", "L", "XL", "2XL", "3XL", "90", "100", "110"];

/// Why seeding failed.
#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    /// Only PostgreSQL is supported.
    #[error("the seed generator needs PostgreSQL (DATABASE_URL=postgres://…)")]
    NotPostgres,
    /// A statement failed.
    #[error("seeding failed: {0}")]
    Db(#[from] DbErr),
}

fn statement(sql: &str, values: Vec<sea_orm::Value>) -> Statement {
    Statement::from_sql_and_values(DbBackend::Postgres, sql, values)
}

/// Creates the plan's companies; each commits on its own, so progress survives an abort.
pub async fn seed(
    db: &DatabaseConnection,
    plan: &SeedPlan,
    mut progress: impl FnMut(u32, &SeededTenant),
) -> Result<Vec<SeededTenant>, SeedError> {
    if db.get_database_backend() != DbBackend::Postgres {
        return Err(SeedError::NotPostgres);
    }
    let products = plan.variants.div_ceil(10).max(1);
    let sizes: Vec<String> = SIZES.iter().map(|s| format!("[\"{s}\"]")).collect();
    let mut seeded = Vec::new();
    for n in 1..=plan.tenants {
        let tenant_id = Uuid::new_v4();
        let user_id = Uuid::new_v4();
        let owner_email = format!("owner{n}@{}.seed.kura.test", plan.label);
        let txn = db.begin().await?;
        let t = || sea_orm::Value::from(tenant_id);
        txn.execute_raw(statement(
            "INSERT INTO tenants (id, name, time_zone, currency_code, prices_include_tax, created_at, updated_at)
             VALUES ($1, $2, 'Asia/Tokyo', 'JPY', true, now(), now())",
            vec![t(), format!("Seed {} #{n}", plan.label).into()],
        ))
        .await?;
        txn.execute_raw(statement(
            "INSERT INTO users (id, email, name, password_hash, created_at, updated_at)
             VALUES ($1, $2, $3, $4, now(), now())",
            vec![
                user_id.into(),
                owner_email.clone().into(),
                format!("Owner {n}").into(),
                plan.password_hash.clone().into(),
            ],
        ))
        .await?;
        txn.execute_raw(statement(
            "INSERT INTO memberships (tenant_id, user_id, role, created_at) VALUES ($1, $2, 'OWNER', now())",
            vec![t(), user_id.into()],
        ))
        .await?;
        txn.execute_raw(statement(
            "INSERT INTO locations (tenant_id, id, code, name, kind, address, time_zone,
                 sellable_online, pickup_enabled, created_at, updated_at)
             SELECT $1, gen_random_uuid(), 'LOC-' || lpad(g::text, 3, '0'),
                 CASE WHEN g = 1 THEN 'Warehouse' ELSE 'Store ' || g END,
                 CASE WHEN g = 1 THEN 'WAREHOUSE' ELSE 'STORE' END,
                 '', 'Asia/Tokyo', true, g > 1, now(), now()
             FROM generate_series(1, $2) AS g",
            vec![t(), i64::from(plan.locations).into()],
        ))
        .await?;
        txn.execute_raw(statement(
            "INSERT INTO products (tenant_id, id, name, description, tax_class, status,
                 option_names, created_at, updated_at)
             SELECT $1, gen_random_uuid(), 'Product ' || lpad(g::text, 6, '0'), '',
                 CASE WHEN g % 7 = 0 THEN 'REDUCED' ELSE 'STANDARD' END, 'ACTIVE',
                 '[\"Size\"]', now(), now()
             FROM generate_series(1, $2) AS g",
            vec![t(), i64::from(products).into()],
        ))
        .await?;
        txn.execute_raw(statement(
            "INSERT INTO product_variants (tenant_id, id, product_id, sku, barcode, price, cost,
                 options, position, created_at, updated_at)
             SELECT $1, gen_random_uuid(), p.id,
                 'SKU-' || substr(p.name, 9) || '-' || s.n, NULL,
                 1000 + (s.n * 100), 400 + (s.n * 40), ($3::text[])[s.n], s.n - 1, now(), now()
             FROM (SELECT id, name, row_number() OVER (ORDER BY name) AS r
                   FROM products WHERE tenant_id = $1) p
             CROSS JOIN generate_series(1, 10) AS s(n)
             WHERE (p.r - 1) * 10 + s.n <= $2",
            vec![t(), i64::from(plan.variants).into(), sizes.clone().into()],
        ))
        .await?;
        txn.execute_raw(statement(
            "INSERT INTO stock_levels (tenant_id, variant_id, location_id, id, on_hand,
                 allocated, incoming, version, updated_at)
             SELECT $1, v.id, l.id, gen_random_uuid(),
                 (abs(hashtext(v.id::text || l.id::text)) % 40), 0, 0, 1, now()
             FROM product_variants v CROSS JOIN locations l
             WHERE v.tenant_id = $1 AND l.tenant_id = $1",
            vec![t()],
        ))
        .await?;
        txn.execute_raw(statement(
            "INSERT INTO stock_movements (tenant_id, id, variant_id, location_id, delta,
                 on_hand_after, version, reason, note, created_at)
             SELECT $1, gen_random_uuid(), variant_id, location_id, on_hand, on_hand, 1,
                 'INITIAL', 'seed', now()
             FROM stock_levels WHERE tenant_id = $1",
            vec![t()],
        ))
        .await?;
        txn.commit().await?;
        let tenant = SeededTenant {
            tenant_id,
            owner_email,
        };
        progress(n, &tenant);
        seeded.push(tenant);
    }
    Ok(seeded)
}
