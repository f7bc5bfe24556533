//! The dashboard in real headless Chromium: the WASM app renders its shell and shows live
//! server status fetched over GraphQL. A screenshot is kept under `<target>/e2e-artifacts/`.

use std::{process::Stdio, time::Duration};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

use crate::support::{Kura, target_dir, workspace};

/// A chromedriver process on a free port, killed on drop.
pub(crate) struct ChromeDriver {
    child: tokio::process::Child,
    port: u16,
}

impl ChromeDriver {
    async fn start() -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let binary = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
        let child = tokio::process::Command::new(&binary)
            .arg(format!("--port={port}"))
            .env("LANGUAGE", "ja")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot start {binary} ({e}); install Debian chromium and chromium-driver")
            });
        let status = format!("http://127.0.0.1:{port}/status");
        for _ in 0..100 {
            if reqwest::get(&status).await.is_ok() {
                return Self { child, port };
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("chromedriver did not come up on port {port}");
    }

    /// A new browser session with its own profile (so its own sign-in).
    pub(crate) async fn browser(&self) -> Client {
        let profile = tempfile::tempdir().unwrap().keep();
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": std::env::var("CHROME").unwrap_or_else(|_| "/usr/bin/chromium".into()),
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                    "--window-size=1366,860", "--lang=ja", "--accept-lang=ja",
                    format!("--user-data-dir={}", profile.display()),
                ],
                // A Japanese user's browser, the dashboard's first audience.
                "prefs": { "intl.accept_languages": "ja" },
            }),
        );
        ClientBuilder::rustls()
            .expect("tls")
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .expect("connect to chromedriver")
    }
}

impl Drop for ChromeDriver {
    fn drop(&mut self) {
        let _ = self.child.start_kill();
    }
}

pub(crate) async fn screenshot(browser: &Client, name: &str) {
    let dir = target_dir().join("e2e-artifacts");
    std::fs::create_dir_all(&dir).unwrap();
    let png = browser.screenshot().await.unwrap();
    std::fs::write(dir.join(name), png).unwrap();
    accessible(browser, name).await;
}

/// axe-core's script: `KURA_AXE_JS`, else where the test script's npm install puts it.
fn axe_source() -> &'static str {
    static SOURCE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    SOURCE.get_or_init(|| {
        let path = std::env::var_os("KURA_AXE_JS")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| {
                std::path::PathBuf::from(std::env::var_os("HOME").unwrap_or_default())
                    .join(".cache/kura/tools/npm/node_modules/axe-core/axe.min.js")
            });
        std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "axe-core is needed at {} ({e}); infra/scripts/test installs it, or set KURA_AXE_JS",
                path.display()
            )
        })
    })
}

/// Every screen a test looks at passes axe-core's WCAG 2.1 A/AA rules with no serious or
/// critical violation (contrast, names of controls, labels…).
async fn accessible(browser: &Client, screen: &str) {
    let loaded = browser
        .execute("return typeof window.axe !== 'undefined'", vec![])
        .await
        .unwrap();
    if loaded != json!(true) {
        browser.execute(axe_source(), vec![]).await.unwrap();
    }
    let found = browser
        .execute_async(
            r#"const done = arguments[arguments.length - 1];
            axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
                                resultTypes: ['violations'] })
              .then(r => done(r.violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 4)
                  .map(n => n.target.join(' ') + ' — ' + (n.failureSummary || '').split('\n').slice(1, 2).join(''))
                  .join(' | '))))
              .catch(e => done(['axe failed: ' + e]));"#,
            vec![],
        )
        .await
        .unwrap();
    let found: Vec<String> = serde_json::from_value(found).unwrap_or_default();
    assert!(
        found.is_empty(),
        "{screen} fails axe-core:\n  {}",
        found.join("\n  ")
    );
}

/// A running `kura` with the built dashboard and a browser pointed at nothing yet.
pub(crate) struct Dashboard {
    pub(crate) kura: Kura,
    pub(crate) _driver: ChromeDriver,
    pub(crate) browser: Client,
}

impl Dashboard {
    pub(crate) async fn open() -> Self {
        Self::open_with(&[]).await
    }

    /// The same with extra environment for `kura serve`.
    pub(crate) async fn open_with(env: &[(&str, &str)]) -> Self {
        assert!(
            workspace().join("frontend/dist/index.html").exists(),
            "build the dashboard first: infra/scripts/build-frontend"
        );
        let _ = rustls::crypto::ring::default_provider().install_default();
        let kura = Kura::start(env).await;
        let driver = ChromeDriver::start().await;
        let browser = driver.browser().await;
        Self {
            kura,
            _driver: driver,
            browser,
        }
    }
}

/// Signs up through the form: (email, password, name, company); waits for the shell.
pub(crate) async fn sign_up(
    browser: &Client,
    kura: &Kura,
    (email, password, name, company): (&str, &str, &str, &str),
) {
    browser.goto(&kura.url("/signup")).await.unwrap();
    fill(browser, "signup-email", email).await;
    fill(browser, "signup-password", password).await;
    fill(browser, "signup-name", name).await;
    fill(browser, "signup-company", company).await;
    screenshot(browser, "signup.png").await;
    click(browser, "signup-submit").await;
    element(browser, "app-shell").await;
}

/// Signs out from the user menu; waits for the login page.
async fn sign_out(browser: &Client) {
    click(browser, "user-menu").await;
    click(browser, "logout").await;
    element(browser, "login-form").await;
}

pub(crate) async fn element(browser: &Client, testid: &str) -> fantoccini::elements::Element {
    browser
        .wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css(&format!("[data-testid=\"{testid}\"]")))
        .await
        .unwrap_or_else(|e| panic!("[data-testid={testid}] did not appear: {e}"))
}

pub(crate) async fn fill(browser: &Client, testid: &str, value: &str) {
    element(browser, testid)
        .await
        .send_keys(value)
        .await
        .unwrap();
}

pub(crate) async fn click(browser: &Client, testid: &str) {
    element(browser, testid).await.click().await.unwrap();
}

#[tokio::test]
async fn an_owner_signs_up_sees_live_server_status_and_signs_out() {
    let Dashboard {
        kura,
        _driver,
        browser,
    } = Dashboard::open().await;

    // Signed out, the dashboard sends people to sign in; a new owner signs up instead.
    browser.goto(&kura.url("/")).await.unwrap();
    element(&browser, "login-form").await;
    screenshot(&browser, "login.png").await;
    sign_up(
        &browser,
        &kura,
        (
            "hanako@example.jp",
            "umbrella-tofu-42",
            "山田 花子",
            "山田商店",
        ),
    )
    .await;
    let menu = element(&browser, "user-menu").await.text().await.unwrap();
    assert!(menu.contains("山田商店"), "{menu}");
    let status = browser
        .wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css(
            "[data-testid=server-status][data-state=online]",
        ))
        .await
        .expect("server status came back over GraphQL");
    let text = status.text().await.unwrap();
    assert!(text.contains(env!("CARGO_PKG_VERSION")), "{text}");
    // Japanese is the default for a Japanese browser.
    let lang = browser
        .execute("return document.documentElement.lang", vec![])
        .await
        .unwrap();
    assert_eq!(lang, "ja");
    screenshot(&browser, "dashboard.png").await;

    // The live clock arrives over the graphql-transport-ws subscription and keeps ticking.
    click(&browser, "nav-status").await;
    let clock = element(&browser, "server-time").await;
    let mut first = clock.text().await.unwrap();
    for _ in 0..50 {
        if first.chars().any(|c| c.is_ascii_digit()) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        first = clock.text().await.unwrap();
    }
    let mut ticked = false;
    for _ in 0..50 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        if clock.text().await.unwrap() != first {
            ticked = true;
            break;
        }
    }
    assert!(ticked, "the server clock did not tick: {first}");
    screenshot(&browser, "status.png").await;

    // Switching language changes the page at once, without a reload.
    click(&browser, "lang-switch").await;
    let lang = browser
        .execute("return document.documentElement.lang", vec![])
        .await
        .unwrap();
    assert_eq!(lang, "en");
    screenshot(&browser, "status-en.png").await;

    // A client-side route loaded directly gets the app, not a 404, and the session comes
    // back from the HttpOnly refresh cookie.
    browser.goto(&kura.url("/stock")).await.unwrap();
    element(&browser, "app-shell").await;

    // Signing out ends the session: the next visit asks to sign in again.
    sign_out(&browser).await;
    browser.goto(&kura.url("/stock")).await.unwrap();
    element(&browser, "login-form").await;

    // Signing up again with her address tells nobody that it has an account: the page
    // says the address cannot start a new company and points to signing in.
    browser.goto(&kura.url("/signup")).await.unwrap();
    fill(&browser, "signup-email", "hanako@example.jp").await;
    fill(&browser, "signup-password", "kimono-sushi-88").await;
    fill(&browser, "signup-name", "誰か").await;
    fill(&browser, "signup-company", "別の会社").await;
    click(&browser, "signup-submit").await;
    let refused = element(&browser, "field-error-email")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        refused.contains("cannot be used to create a new company") && !refused.contains("already"),
        "{refused}"
    );
    screenshot(&browser, "signup-taken-email.png").await;
    browser.close().await.unwrap();
}

#[tokio::test]
async fn an_owner_invites_a_member_who_joins_from_the_link() {
    let Dashboard {
        kura,
        _driver,
        browser,
    } = Dashboard::open().await;

    sign_up(
        &browser,
        &kura,
        (
            "taro@example.jp",
            "umbrella-tofu-42",
            "鈴木 太郎",
            "鈴木商店",
        ),
    )
    .await;

    // No SMTP here: the inviter gets the link to pass on.
    browser.goto(&kura.url("/settings/team")).await.unwrap();
    click(&browser, "invite-member").await;
    fill(&browser, "invite-email", "hanako@example.jp").await;
    click(&browser, "invite-submit").await;
    let link = element(&browser, "invite-link").await.text().await.unwrap();
    assert!(link.contains("/invite/"), "{link}");
    screenshot(&browser, "team-invite.png").await;
    browser
        .find(Locator::Css(
            "[data-testid=invite-dialog] .dialog-actions .button-primary",
        ))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();

    sign_out(&browser).await;

    browser.goto(link.trim()).await.unwrap();
    element(&browser, "accept-form").await;
    fill(&browser, "accept-name", "山田 花子").await;
    fill(&browser, "accept-password", "kimono-sushi-88").await;
    screenshot(&browser, "accept.png").await;
    click(&browser, "accept-submit").await;
    element(&browser, "app-shell").await;
    let menu = element(&browser, "user-menu").await.text().await.unwrap();
    assert!(
        menu.contains("鈴木商店") && menu.contains("山田 花子"),
        "{menu}"
    );

    // She is on the team now, as staff.
    browser.goto(&kura.url("/settings/team")).await.unwrap();
    element(&browser, "team-page").await;
    let rows = browser
        .find_all(Locator::Css("[data-testid=member-row]"))
        .await
        .unwrap();
    assert_eq!(rows.len(), 2);
    screenshot(&browser, "team.png").await;
    browser.close().await.unwrap();
}

#[tokio::test]
async fn a_person_in_two_companies_switches_between_them_from_the_menu() {
    let Dashboard {
        kura,
        _driver,
        browser,
    } = Dashboard::open().await;

    // Hanako runs her own shop.
    sign_up(
        &browser,
        &kura,
        (
            "hanako@example.jp",
            "kimono-sushi-88",
            "山田 花子",
            "山田商店",
        ),
    )
    .await;
    sign_out(&browser).await;

    // Taro's company invites her (through the API, as a partner tool could).
    let taro = kura
        .graphql(
            r#"mutation { signUp(input: { email: "taro@example.jp", password: "umbrella-tofu-42",
                 name: "鈴木 太郎", companyName: "鈴木商店" }) { accessToken } }"#,
        )
        .await;
    let token = taro["data"]["signUp"]["accessToken"].as_str().unwrap();
    let invited: serde_json::Value = kura
        .client
        .post(kura.url("/graphql"))
        .bearer_auth(token)
        .json(&json!({ "query": r#"mutation { inviteMember(input: { email: "hanako@example.jp", role: MANAGER }) { acceptUrl } }"# }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let link = invited["data"]["inviteMember"]["acceptUrl"]
        .as_str()
        .unwrap_or_else(|| panic!("{invited}"))
        .to_owned();

    // She accepts with the password she already has.
    browser.goto(&link).await.unwrap();
    fill(&browser, "accept-password", "kimono-sushi-88").await;
    click(&browser, "accept-submit").await;
    element(&browser, "app-shell").await;
    let menu = element(&browser, "user-menu").await.text().await.unwrap();
    assert!(menu.contains("鈴木商店"), "{menu}");

    // And moves back to her own shop from the menu.
    click(&browser, "user-menu").await;
    element(&browser, "company-switcher").await;
    screenshot(&browser, "company-switcher.png").await;
    browser
        .wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css(
            "[data-testid=company-option][data-tenant-name=\"山田商店\"]",
        ))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    element(&browser, "company-switched").await;
    let menu = element(&browser, "user-menu").await.text().await.unwrap();
    assert!(menu.contains("山田商店"), "{menu}");
    browser.close().await.unwrap();
}

/// Runs a GraphQL operation as `token` and returns its `data`, failing on any error.
#[tokio::test]
async fn an_owner_switches_the_company_to_tax_excluded_prices() {
    let Dashboard {
        kura,
        _driver,
        browser,
    } = Dashboard::open().await;
    sign_up(
        &browser,
        &kura,
        (
            "owner@example.jp",
            "umbrella-tofu-42",
            "山田 花子",
            "山田商店",
        ),
    )
    .await;
    browser.goto(&kura.url("/settings/company")).await.unwrap();
    let name = element(&browser, "company-name").await;
    assert_eq!(
        name.prop("value").await.unwrap().as_deref(),
        Some("山田商店")
    );
    let checkbox = element(&browser, "company-tax-included").await;
    assert!(
        checkbox.is_selected().await.unwrap(),
        "tax-included by default"
    );
    checkbox.click().await.unwrap();
    // What its documents print under its name.
    fill(
        &browser,
        "company-address",
        "〒150-0001 東京都渋谷区神宮前1-2-3",
    )
    .await;
    fill(&browser, "company-phone", "03-1234-5678").await;
    fill(&browser, "company-registration-number", "T8010001213708").await;
    click(&browser, "company-save").await;
    let flash = element(&browser, "settings-flash").await;
    assert_eq!(flash.attr("role").await.unwrap().as_deref(), Some("status"));
    screenshot(&browser, "settings-company.png").await;
    browser.refresh().await.unwrap();
    let checkbox = element(&browser, "company-tax-included").await;
    assert!(
        !checkbox.is_selected().await.unwrap(),
        "the choice was saved"
    );
    let number = element(&browser, "company-registration-number").await;
    assert_eq!(
        number.prop("value").await.unwrap().as_deref(),
        Some("T8010001213708")
    );
    browser.close().await.unwrap();
}

pub(crate) async fn arrange(
    kura: &Kura,
    token: &str,
    query: &str,
    variables: serde_json::Value,
) -> serde_json::Value {
    let body = kura.call(query, variables, Some(token)).await;
    assert!(body["errors"].is_null(), "{query}: {body}");
    body["data"].clone()
}

/// The on-hand text of the matrix cell for `sku` at `code`, once the cell is there.
async fn on_hand(browser: &Client, sku: &str, code: &str) -> String {
    let selector = format!(
        "[data-testid=stock-cell][data-sku=\"{sku}\"][data-location-code=\"{code}\"] [data-testid=on-hand]"
    );
    browser
        .wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css(&selector))
        .await
        .unwrap_or_else(|e| panic!("no stock cell for {sku} at {code}: {e}"))
        .text()
        .await
        .unwrap()
}

/// Waits until the cell for `sku` at `code` shows `expected`.
pub(crate) async fn wait_for_on_hand(browser: &Client, sku: &str, code: &str, expected: &str) {
    let mut shown = String::new();
    for _ in 0..150 {
        shown = on_hand(browser, sku, code).await;
        if shown.trim() == expected {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{sku} at {code} shows {shown}, expected {expected}");
}

/// Opens the stock matrix and waits until its live subscription is up.
pub(crate) async fn open_live_matrix(browser: &Client, kura: &Kura) {
    browser.goto(&kura.url("/stock")).await.unwrap();
    element(browser, "stock-matrix").await;
    browser
        .wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css(
            "[data-testid=stock-live][data-state=connected]",
        ))
        .await
        .expect("the matrix subscribed to stockLevelChanged");
}

#[tokio::test]
async fn a_stock_adjustment_in_one_browser_shows_up_live_in_another() {
    let Dashboard {
        kura,
        _driver: driver,
        browser,
    } = Dashboard::open().await;
    let (email, password) = ("hanako@example.jp", "umbrella-tofu-42");
    sign_up(&browser, &kura, (email, password, "山田 花子", "山田商店")).await;

    // Locations, a product and opening stock through the API: the UI is not the subject.
    let login = kura
        .call(
            "mutation($input: LogInInput!) { logIn(input: $input) { accessToken } }",
            json!({ "input": { "email": email, "password": password } }),
            None,
        )
        .await;
    let token = login["data"]["logIn"]["accessToken"]
        .as_str()
        .unwrap_or_else(|| panic!("{login}"))
        .to_owned();
    let location =
        "mutation($input: CreateLocationInput!) { createLocation(input: $input) { id } }";
    let shibuya = arrange(&kura, &token, location,
        json!({ "input": { "code": "SHIBUYA", "name": "渋谷店", "kind": "STORE", "pickupEnabled": true } })).await;
    let shibuya = shibuya["createLocation"]["id"].as_str().unwrap().to_owned();
    arrange(&kura, &token, location,
        json!({ "input": { "code": "WH-01", "name": "東京倉庫", "kind": "WAREHOUSE", "sellableOnline": true } })).await;
    let product = arrange(
        &kura,
        &token,
        "mutation($input: CreateProductInput!) { createProduct(input: $input) { variants { id sku } } }",
        json!({ "input": {
            "name": "オーガニックTシャツ", "taxClass": "STANDARD", "optionNames": ["サイズ"],
            "variants": [
                { "sku": "TS-001-M", "barcode": "4901234567894", "price": "2980", "options": ["M"] },
                { "sku": "TS-001-L", "price": "2980", "options": ["L"] }
            ]
        } }),
    )
    .await;
    let variant = product["createProduct"]["variants"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let adjust = "mutation($input: AdjustStockInput!) { adjustStock(input: $input) { onHand } }";
    arrange(
        &kura,
        &token,
        adjust,
        json!({ "input": {
        "variantId": variant, "locationId": shibuya, "delta": 10, "reason": "INITIAL"
    } }),
    )
    .await;

    // A second browser signed in to the same company watches the same matrix.
    let other = driver.browser().await;
    other.goto(&kura.url("/login")).await.unwrap();
    fill(&other, "login-email", email).await;
    fill(&other, "login-password", password).await;
    click(&other, "login-submit").await;
    element(&other, "app-shell").await;
    open_live_matrix(&other, &kura).await;
    wait_for_on_hand(&other, "TS-001-M", "SHIBUYA", "10").await;
    // Marks this page, so a reload (which would clear it) cannot pass for a live update.
    other
        .execute("window.kuraNotReloaded = true", vec![])
        .await
        .unwrap();

    open_live_matrix(&browser, &kura).await;
    wait_for_on_hand(&browser, "TS-001-M", "SHIBUYA", "10").await;
    screenshot(&browser, "stock-matrix.png").await;

    // Adjust through the cell's dialog: +5 found at the back of the shelf.
    browser
        .find(Locator::Css(
            "[data-testid=stock-cell][data-sku=\"TS-001-M\"][data-location-code=SHIBUYA] button",
        ))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    element(&browser, "adjust-dialog").await;
    fill(&browser, "adjust-delta", "5").await;
    browser
        .find(Locator::Css(
            "[data-testid=adjust-reason] option[value=FOUND]",
        ))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    fill(&browser, "adjust-note", "棚の奥から発見").await;
    screenshot(&browser, "stock-adjust-dialog.png").await;
    click(&browser, "adjust-submit").await;
    wait_for_on_hand(&browser, "TS-001-M", "SHIBUYA", "15").await;

    // The other browser sees it without reloading.
    wait_for_on_hand(&other, "TS-001-M", "SHIBUYA", "15").await;
    let same_page = other
        .execute("return window.kuraNotReloaded === true", vec![])
        .await
        .unwrap();
    assert_eq!(same_page, json!(true), "the other browser reloaded");
    screenshot(&other, "stock-matrix-live.png").await;

    // Taking out more than is there is refused, and the dialog says why.
    click_css(
        &other,
        "[data-testid=stock-cell][data-sku=\"TS-001-M\"][data-location-code=SHIBUYA] button",
    )
    .await;
    fill(&other, "adjust-delta", "-100").await;
    click(&other, "adjust-submit").await;
    let refusal = element(&other, "form-error").await.text().await.unwrap();
    assert!(refusal.contains("在庫が不足"), "{refusal}");
    screenshot(&other, "stock-adjust-insufficient.png").await;
    click(&other, "adjust-close").await;
    wait_gone(&other, "[data-testid=adjust-dialog]").await;

    // The filter narrows the rows to what matches the SKU.
    fill(&other, "stock-search", "ts-001-l").await;
    wait_gone(&other, "[data-testid=stock-row][data-sku=\"TS-001-M\"]").await;
    element(&other, "stock-row").await;

    // The ledger open in the other browser gets new entries at the top as they are posted.
    other.goto(&kura.url("/stock/movements")).await.unwrap();
    element(&other, "movement-row").await;
    // Listening, and caught up with anything posted before it was.
    other
        .wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css("[data-testid=movements-page][data-live=true]"))
        .await
        .expect("the ledger starts listening");
    other
        .execute("window.kuraNotReloaded = true", vec![])
        .await
        .unwrap();
    arrange(&kura, &token, adjust, json!({ "input": {
        "variantId": variant, "locationId": shibuya, "delta": -2, "reason": "DAMAGE", "note": "落下で破損"
    } }))
    .await;
    other
        .wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css(
            "[data-testid=movement-row]:first-child[data-reason=DAMAGE]",
        ))
        .await
        .expect("the new movement appears at the top without a reload");
    let same_page = other
        .execute("return window.kuraNotReloaded === true", vec![])
        .await
        .unwrap();
    assert_eq!(same_page, json!(true), "the ledger reloaded");
    screenshot(&other, "stock-movements-live.png").await;

    // The ledger has every movement, newest first; a reorder point makes the row low.
    arrange(
        &kura,
        &token,
        "mutation($input: SetReorderPointInput!) { setReorderPoint(input: $input) { low } }",
        json!({ "input": { "variantId": variant, "locationId": shibuya, "reorderPoint": 20, "reorderQuantity": 30 } }),
    )
    .await;
    // The reorder point reaches the open matrix live too: the cell turns low.
    browser
        .wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css(
            "[data-testid=stock-cell][data-sku=\"TS-001-M\"][data-location-code=SHIBUYA][data-low=true]",
        ))
        .await
        .expect("the cell is marked low without a reload");
    screenshot(&browser, "stock-matrix-low.png").await;
    browser.goto(&kura.url("/stock/movements")).await.unwrap();
    element(&browser, "movement-row").await;
    let reasons: Vec<String> = {
        let mut reasons = Vec::new();
        for row in browser
            .find_all(Locator::Css("[data-testid=movement-row]"))
            .await
            .unwrap()
        {
            reasons.push(row.attr("data-reason").await.unwrap().unwrap_or_default());
        }
        reasons
    };
    assert_eq!(reasons, ["DAMAGE", "FOUND", "INITIAL"]);
    screenshot(&browser, "stock-movements.png").await;
    browser.goto(&kura.url("/stock/low")).await.unwrap();
    let low = element(&browser, "low-stock-row").await;
    assert_eq!(
        low.attr("data-sku").await.unwrap().as_deref(),
        Some("TS-001-M")
    );
    screenshot(&browser, "stock-low.png").await;
    browser.goto(&kura.url("/products")).await.unwrap();
    element(&browser, "product-row").await;
    screenshot(&browser, "products.png").await;
    click(&browser, "product-edit").await;
    element(&browser, "variant-line").await;
    screenshot(&browser, "product-editor.png").await;
    browser.goto(&kura.url("/locations")).await.unwrap();
    element(&browser, "location-row").await;
    screenshot(&browser, "locations.png").await;
    other.close().await.unwrap();
    browser.close().await.unwrap();
}

/// Clicks the element matching a CSS selector, waiting for it first.
pub(crate) async fn click_css(browser: &Client, selector: &str) {
    // The dashboard re-renders lists as data arrives, so the element found may be replaced
    // before the click lands ("stale element"): find it again and retry.
    for _ in 0..20 {
        let element = browser
            .wait()
            .at_most(Duration::from_secs(30))
            .for_element(Locator::Css(selector))
            .await
            .unwrap_or_else(|e| panic!("{selector} did not appear: {e}"));
        match element.click().await {
            Ok(_) => return,
            Err(e) if e.to_string().to_lowercase().contains("stale") => {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(e) => panic!("clicking {selector}: {e}"),
        }
    }
    panic!("{selector} kept being replaced before it could be clicked");
}

/// Waits until the element matching a CSS selector is gone.
pub(crate) async fn wait_gone(browser: &Client, selector: &str) {
    for _ in 0..150 {
        if browser
            .find_all(Locator::Css(selector))
            .await
            .unwrap()
            .is_empty()
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{selector} is still there");
}

/// Waits until the button `testid` can be pressed again (its work is done).
pub(crate) async fn wait_enabled(browser: &Client, testid: &str) {
    for _ in 0..100 {
        if element(browser, testid).await.is_enabled().await.unwrap() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("[data-testid={testid}] stayed disabled");
}

#[tokio::test]
async fn an_owner_sets_up_locations_and_products_from_the_dashboard() {
    let Dashboard {
        kura,
        _driver,
        browser,
    } = Dashboard::open().await;
    let (email, password) = ("taro@example.jp", "umbrella-tofu-42");
    sign_up(&browser, &kura, (email, password, "鈴木 太郎", "鈴木商店")).await;

    // A location through the dialog; the code is checked with the shared rules first.
    browser.goto(&kura.url("/locations")).await.unwrap();
    element(&browser, "list-empty").await;
    click(&browser, "create-location").await;
    fill(&browser, "location-code", "渋谷").await;
    fill(&browser, "location-name", "渋谷店").await;
    click(&browser, "location-submit").await;
    element(&browser, "field-error-code").await;
    screenshot(&browser, "location-dialog-error.png").await;
    let code = element(&browser, "location-code").await;
    code.clear().await.unwrap();
    code.send_keys("shibuya").await.unwrap();
    click(&browser, "location-pickup").await;
    click(&browser, "location-submit").await;
    element(&browser, "settings-flash").await;
    click_css(&browser, "[data-testid=location-row][data-code=SHIBUYA]").await;

    click(&browser, "create-location").await;
    fill(&browser, "location-code", "WH-01").await;
    fill(&browser, "location-name", "東京倉庫").await;
    click_css(
        &browser,
        "[data-testid=location-kind] option[value=WAREHOUSE]",
    )
    .await;
    click(&browser, "location-sellable-online").await;
    screenshot(&browser, "location-dialog.png").await;
    click(&browser, "location-submit").await;
    element(&browser, "settings-flash").await;
    browser
        .wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css(
            "[data-testid=location-row][data-code=\"WH-01\"]",
        ))
        .await
        .unwrap();

    // A product with a variant; a wrong check digit is caught before sending.
    browser.goto(&kura.url("/products")).await.unwrap();
    click(&browser, "create-product").await;
    fill(&browser, "product-name", "オーガニックTシャツ").await;
    fill(&browser, "product-option-names", "サイズ").await;
    fill(&browser, "variant-sku", "TS-001-M").await;
    fill(&browser, "variant-barcode", "4901234567890").await;
    fill(&browser, "variant-price", "2980").await;
    fill(&browser, "variant-option", "M").await;
    click(&browser, "product-submit").await;
    element(&browser, "field-error-barcode").await;
    screenshot(&browser, "product-dialog-error.png").await;
    let barcode = element(&browser, "variant-barcode").await;
    barcode.clear().await.unwrap();
    barcode.send_keys("4901234567894").await.unwrap();
    click(&browser, "product-submit").await;
    wait_gone(&browser, "[data-testid=create-product-dialog]").await;
    element(&browser, "product-row").await;
    screenshot(&browser, "products-created.png").await;

    // A SKU already in use is refused by the server and explained under the variants.
    click(&browser, "create-product").await;
    fill(&browser, "product-name", "別の商品").await;
    fill(&browser, "variant-sku", "TS-001-M").await;
    fill(&browser, "variant-price", "100").await;
    click(&browser, "product-submit").await;
    let taken = element(&browser, "field-error-variants.sku")
        .await
        .text()
        .await
        .unwrap();
    assert!(taken.contains("既に使われています"), "{taken}");
    screenshot(&browser, "product-dialog-sku-taken.png").await;
    click_css(
        &browser,
        "[data-testid=create-product-dialog] .dialog-close",
    )
    .await;
    wait_gone(&browser, "[data-testid=create-product-dialog]").await;

    // The editor adds a variant, changes a price and archives a variant.
    click(&browser, "product-edit").await;
    click(&browser, "add-variant").await;
    fill(&browser, "variant-sku", "TS-001-L").await;
    fill(&browser, "variant-price", "3280").await;
    fill(&browser, "variant-option", "L").await;
    screenshot(&browser, "product-editor-add-variant.png").await;
    click(&browser, "variant-submit").await;
    click_css(
        &browser,
        "[data-testid=variant-line][data-sku=\"TS-001-L\"] [data-testid=variant-edit]",
    )
    .await;
    let price = element(&browser, "variant-price").await;
    price.clear().await.unwrap();
    price.send_keys("2980").await.unwrap();
    click(&browser, "variant-submit").await;
    click_css(
        &browser,
        "[data-testid=variant-line][data-sku=\"TS-001-L\"] [data-testid=variant-archive]",
    )
    .await;
    browser
        .wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css(
            "[data-testid=variant-line][data-sku=\"TS-001-L\"][data-state=archived]",
        ))
        .await
        .expect("the variant is archived");
    screenshot(&browser, "product-editor.png").await;
    click(&browser, "product-editor-close").await;
    wait_gone(&browser, "[data-testid=product-editor]").await;

    // Searching narrows the list (after the debounce); nothing matching says so.
    fill(&browser, "product-search", "zzz").await;
    element(&browser, "list-empty").await;
    let search = element(&browser, "product-search").await;
    search.clear().await.unwrap();
    search.send_keys("TS-001").await.unwrap();
    element(&browser, "product-row").await;

    // Stock at Shibuya (through the API) means it cannot be deleted, only archived.
    let login = kura
        .call(
            "mutation($input: LogInInput!) { logIn(input: $input) { accessToken } }",
            json!({ "input": { "email": email, "password": password } }),
            None,
        )
        .await;
    let token = login["data"]["logIn"]["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let ids = arrange(
        &kura,
        &token,
        "{ locations { nodes { id code } } productVariant(sku: \"TS-001-M\") { id } }",
        json!({}),
    )
    .await;
    let shibuya = ids["locations"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["code"] == "SHIBUYA")
        .unwrap()["id"]
        .clone();
    arrange(
        &kura,
        &token,
        "mutation($input: AdjustStockInput!) { adjustStock(input: $input) { onHand } }",
        json!({ "input": { "variantId": ids["productVariant"]["id"], "locationId": shibuya,
                           "delta": 3, "reason": "INITIAL" } }),
    )
    .await;
    browser.goto(&kura.url("/locations")).await.unwrap();
    click_css(
        &browser,
        "[data-testid=location-row][data-code=SHIBUYA] [data-testid=location-delete]",
    )
    .await;
    click(&browser, "confirm-accept").await;
    let refusal = element(&browser, "form-error").await.text().await.unwrap();
    assert!(refusal.contains("アーカイブ"), "{refusal}");
    screenshot(&browser, "location-delete-conflict.png").await;
    click(&browser, "confirm-cancel").await;
    click_css(
        &browser,
        "[data-testid=location-row][data-code=SHIBUYA] [data-testid=location-archive]",
    )
    .await;
    wait_gone(&browser, "[data-testid=location-row][data-code=SHIBUYA]").await;
    click(&browser, "locations-show-archived").await;
    browser
        .wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css(
            "[data-testid=location-row][data-code=SHIBUYA][data-state=archived]",
        ))
        .await
        .expect("archived locations are listed on request");
    screenshot(&browser, "locations-archived.png").await;
    click_css(&browser, "[data-testid=location-row][data-code=SHIBUYA][data-state=archived] [data-testid=location-restore]").await;
    browser
        .wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css(
            "[data-testid=location-row][data-code=SHIBUYA][data-state=active]",
        ))
        .await
        .unwrap();
    screenshot(&browser, "locations-archived-shown.png").await;

    // The matrix in English: the three units at Shibuya, nothing at the warehouse.
    click(&browser, "lang-switch").await;
    open_live_matrix(&browser, &kura).await;
    wait_for_on_hand(&browser, "TS-001-M", "SHIBUYA", "3").await;
    wait_for_on_hand(&browser, "TS-001-M", "WH-01", "0").await;
    screenshot(&browser, "stock-matrix-en.png").await;
    browser.close().await.unwrap();
}

/// Transfers, stock counts, replenishment, the CSV import and team locations.
#[path = "ops_browser.rs"]
mod ops;

/// A channel's Stock sync panel: failed and stopped pushes, Retry and Push all.
#[path = "channel_sync_browser.rs"]
mod channel_sync;
/// Adding, connecting and mapping a channel from the dashboard.
#[path = "channels_browser.rs"]
mod channels;
/// The live sales dashboard.
#[path = "dashboard_browser.rs"]
mod dashboard;
/// A closing run previewed and issued, the invoice and its PDF.
#[path = "invoices_browser.rs"]
mod invoices;
/// Orders: a phone order packed by scanning while the fulfilment board follows, a credit
/// hold approved, and store pickup.
#[path = "orders_browser.rs"]
mod orders;
/// A quote entered, sent and converted to an order.
#[path = "quotes_browser.rs"]
mod quotes;
