//! The one message catalogue: every user-visible string, in Japanese and English.
//!
//! Adding a UI string means adding one line here with both languages, so a missing
//! translation is a compile error rather than a blank label.

use super::Lang;

/// Declares [`Msg`] and its lookup table together, so a key cannot exist without both texts.
/// Each variant's doc is its English text, which makes `Msg::…` readable at call sites.
macro_rules! catalogue {
    ($($key:ident => ($ja:literal, $en:literal),)*) => {
        /// A key into the message catalogue; resolve it with [`Msg::text`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Msg {
            $(#[doc = $en] $key,)*
        }

        impl Msg {
            /// The message in the given language.
            pub const fn text(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((Msg::$key, Lang::Ja) => $ja, (Msg::$key, Lang::En) => $en,)*
                }
            }

            #[cfg(test)]
            pub(super) const ALL: &'static [Msg] = &[$(Msg::$key,)*];
        }
    };
}

catalogue! {
    // Shell
    SwitchLanguage => ("Switch to English", "日本語に切り替え"),
    OtherLanguageLabel => ("English", "日本語"),
    OpenNavigation => ("メニューを開く", "Open navigation"),
    MainNavigation => ("メインメニュー", "Main navigation"),
    NavSectionOverview => ("概要", "Overview"),
    NavSectionOperations => ("業務", "Operations"),
    NavSectionSystem => ("システム", "System"),
    NavDashboard => ("ダッシュボード", "Dashboard"),
    NavStock => ("在庫", "Stock"),
    NavProducts => ("商品", "Products"),
    NavLocations => ("拠点", "Locations"),
    NavSales => ("売上", "Sales"),
    NavSettings => ("設定", "Settings"),
    NavStatus => ("サーバー状態", "Server status"),

    // Server status pill
    StatusOnline => ("オンライン", "Online"),
    StatusOffline => ("オフライン", "Offline"),
    StatusChecking => ("確認中…", "Checking…"),
    StatusPillTitle => ("Kura サーバーとの接続状態", "Connection to the Kura server"),

    // Generic states
    Loading => ("読み込み中…", "Loading…"),
    Retry => ("再試行", "Retry"),
    ComingSoon => ("準備中", "Coming soon"),
    Unknown => ("不明", "Unknown"),
    ViewDetails => ("詳細を見る", "View details"),
    BackToDashboard => ("ダッシュボードに戻る", "Back to dashboard"),

    // Errors: transport, then one per kura_shared::ErrorCode
    NetworkErrorTitle => ("Kura サーバーに接続できません", "Can't reach the Kura server"),
    NetworkErrorBody => (
        "インターネット接続をご確認ください。自動で再接続を試みますが、今すぐ再試行することもできます。",
        "Check your internet connection. We keep trying in the background, or you can retry now."
    ),
    RequestFailedTitle => ("データを読み込めませんでした", "Couldn't load this data"),
    ErrorUnexpectedResponse => (
        "サーバーから想定外の応答がありました。しばらくしてから再度お試しください。",
        "The server sent a response we didn't expect. Please try again in a moment."
    ),
    ErrorUnauthenticated => ("もう一度ログインしてください。", "Please sign in again."),
    ErrorForbidden => ("この操作を行う権限がありません。", "You don't have permission to do this."),
    ErrorNotFound => ("お探しのデータが見つかりませんでした。", "We couldn't find what you were looking for."),
    ErrorValidation => ("入力内容に誤りがあります。", "Some of the information entered isn't valid."),
    ErrorInsufficientStock => ("在庫が不足しています。", "There isn't enough stock available."),
    ErrorConflict => (
        "他の方が同時に変更しました。再読み込みしてからもう一度お試しください。",
        "Someone else changed this at the same time. Reload and try again."
    ),
    ErrorRateLimited => (
        "リクエストが集中しています。少し待ってから再度お試しください。",
        "Too many requests. Please wait a moment and try again."
    ),
    ErrorPlanLimit => (
        "現在のご契約プランではご利用いただけません。",
        "Your current plan doesn't include this."
    ),
    ErrorQueryTooComplex => (
        "リクエストが大きすぎます。条件を絞ってお試しください。",
        "This request is too large. Try narrowing it down."
    ),
    ErrorInternal => (
        "サーバー側で問題が発生しました。しばらくしてから再度お試しください。",
        "Something went wrong on our side. Please try again later."
    ),

    // Dashboard
    DashboardTitle => ("ダッシュボード", "Dashboard"),
    DashboardSubtitle => (
        "すべての店舗・倉庫・販売チャネルの在庫と売上を、ひとつの画面でリアルタイムに。",
        "One live view of stock and sales across every store, warehouse and channel."
    ),
    ServerCardTitle => ("サーバー", "Server"),
    RoadmapTitle => ("これから使えるようになる機能", "What's coming to Kura"),
    RoadmapSubtitle => (
        "各機能は順次公開されます。公開され次第、左のメニューから利用できます。",
        "Each area opens as soon as it's ready and appears in the menu on the left."
    ),

    // Server facts
    FieldVersion => ("バージョン", "Version"),
    FieldStorage => ("ストレージ", "Storage"),
    FieldEventBus => ("イベントバス", "Event bus"),
    FieldUptime => ("稼働時間", "Uptime"),
    FieldStartedAt => ("起動日時", "Started at"),
    FieldEndpoint => ("エンドポイント", "Endpoint"),
    FieldConnection => ("接続状態", "Connection"),
    StorageSqlite => ("SQLite（組み込み）", "SQLite (embedded)"),
    StoragePostgres => ("PostgreSQL", "PostgreSQL"),
    EventBusInProcess => ("プロセス内", "In-process"),
    EventBusRedis => ("Redis", "Redis"),

    // Status page
    StatusTitle => ("サーバー状態", "Server status"),
    StatusSubtitle => (
        "Kura サーバーの稼働状況と、このブラウザとのリアルタイム接続を確認できます。",
        "Health of the Kura server and of this browser's live connection to it."
    ),
    ApiCardTitle => ("GraphQL API", "GraphQL API"),
    LiveCardTitle => ("リアルタイム接続", "Live connection"),
    LiveCardHint => (
        "サーバー時刻は WebSocket のサブスクリプションで毎秒届きます。在庫や売上の更新も同じ仕組みで届きます。",
        "The server clock arrives every second over a WebSocket subscription, the same channel that will carry live stock and sales updates."
    ),
    ServerClock => ("サーバー時刻", "Server clock"),
    WaitingForFirstTick => ("最初の受信を待っています…", "Waiting for the first tick…"),
    WsConnecting => ("接続中…", "Connecting…"),
    WsConnected => ("接続済み", "Connected"),
    WsClosed => ("終了", "Closed"),

    // Areas that are not built yet
    StockTitle => ("在庫", "Stock"),
    StockSummary => ("拠点別のリアルタイム在庫", "Live quantities at every location"),
    StockEmptyTitle => (
        "すべての店舗と倉庫の在庫がここに表示されます",
        "Stock across every store and warehouse will appear here"
    ),
    StockEmptyBody => (
        "商品ごと・拠点ごとの実在庫、引当数、入荷予定数を、販売や移動にあわせてリアルタイムに確認できます。",
        "See on-hand, allocated and incoming quantities for each product at each location, updated live as sales and transfers happen."
    ),
    ProductsTitle => ("商品", "Products"),
    ProductsSummary => ("商品・SKU・JANコード", "Catalogue, SKUs and barcodes"),
    ProductsEmptyTitle => (
        "商品カタログはここで管理します",
        "Your product catalogue will live here"
    ),
    ProductsEmptyBody => (
        "商品・バリエーション・SKU・JANコードを、価格や税率とあわせて一元管理。すべての販売チャネルで共通に使われます。",
        "Products, variants, SKUs and JAN barcodes with their prices and tax rates, kept in one place and shared by every channel you sell on."
    ),
    LocationsTitle => ("拠点", "Locations"),
    LocationsSummary => ("店舗と倉庫", "Stores and warehouses"),
    LocationsEmptyTitle => (
        "店舗と倉庫がここに一覧表示されます",
        "Your stores and warehouses will be listed here"
    ),
    LocationsEmptyBody => (
        "店舗・倉庫・EC 用の在庫拠点を登録すると、拠点ごとの在庫管理や拠点間の移動ができるようになります。",
        "Add each shop, warehouse and online stock point so stock can be counted at, and moved between, every one of them."
    ),
    SalesTitle => ("売上", "Sales"),
    SalesSummary => ("全チャネルの注文", "Orders from every channel"),
    SalesEmptyTitle => (
        "すべての販売チャネルの売上がここに表示されます",
        "Sales from every channel will appear here"
    ),
    SalesEmptyBody => (
        "POS・Shopify・Square・スマレジからの注文がリアルタイムに集まり、消費税込みの日次集計も確認できます。",
        "Orders from your POS, Shopify, Square and Smaregi arrive here as they happen, with daily totals including consumption tax."
    ),
    SettingsTitle => ("設定", "Settings"),
    SettingsSummary => ("会社・スタッフ・プラン", "Company, staff and plan"),
    SettingsEmptyTitle => (
        "会社とアカウントの設定はここで行います",
        "Company and account settings will live here"
    ),
    SettingsEmptyBody => (
        "会社情報、スタッフと権限、販売チャネルの連携、ご契約プランを管理できます。",
        "Manage your company details, staff and their roles, sales channel connections and your subscription plan."
    ),
    EmptyStateFootnote => (
        "この画面は現在準備中です。準備が整い次第、ここにデータが表示されます。",
        "This area is being built. Your data will show up here as soon as it's ready."
    ),

    // Sign-up and sign-in
    SignUpTitle => ("新規登録", "Create your account"),
    SignUpSubtitle => (
        "会社のアカウントを作成して、在庫と売上をひとつの画面で管理しましょう。",
        "Set up your company and see stock and sales in one place."
    ),
    LogInTitle => ("ログイン", "Sign in"),
    LogInSubtitle => ("Kura のアカウントでログインしてください。", "Sign in to your Kura account."),
    FieldEmail => ("メールアドレス", "Email"),
    FieldPassword => ("パスワード", "Password"),
    FieldName => ("お名前", "Your name"),
    FieldCompany => ("会社名", "Company name"),
    PlaceholderName => ("山田 花子", "Hanako Yamada"),
    PlaceholderCompany => ("株式会社山田商店", "Yamada Shoten Ltd."),
    CompanyHint => (
        "店舗名ではなく、会社名または屋号を入力してください。",
        "Your company or trading name, not a single store's."
    ),
    PasswordRulesLabel => ("パスワードの条件", "Password requirements"),
    PasswordRuleLength => ("10文字以上", "At least 10 characters"),
    PasswordRuleNotCommon => (
        "よく使われる語句・お名前・メールアドレスではない",
        "Not a common password, your name or your email"
    ),
    PasswordStrength => ("強度", "Strength"),
    StrengthWeak => ("弱い", "Weak"),
    StrengthFair => ("ふつう", "Fair"),
    StrengthStrong => ("強い", "Strong"),
    ShowPassword => ("パスワードを表示", "Show password"),
    HidePassword => ("パスワードを隠す", "Hide password"),
    SignUpSubmit => ("アカウントを作成", "Create account"),
    SigningUp => ("作成しています…", "Creating your account…"),
    LogInSubmit => ("ログイン", "Sign in"),
    LoggingIn => ("ログインしています…", "Signing in…"),
    HaveAccount => ("アカウントをお持ちの方は", "Already have an account?"),
    NoAccount => ("アカウントをお持ちでない方は", "New to Kura?"),
    GoToLogIn => ("ログイン", "Sign in"),
    GoToSignUp => ("新規登録", "Create an account"),
    SignUpTerms => (
        "登録すると、あなたがこの会社のオーナーになります。スタッフはあとから招待できます。",
        "You'll be the owner of this company. You can invite your staff later."
    ),
    AuthTagline => (
        "店舗・倉庫・EC の在庫と売上を、リアルタイムにひとつに。",
        "Stock and sales from every store, warehouse and channel, live in one place."
    ),
    LoginFailed => (
        "メールアドレスまたはパスワードが正しくありません。",
        "The email or password is incorrect."
    ),
    EmailTaken => (
        "このメールアドレスは既に登録されています。ログインしてください。",
        "An account with this email already exists. Please sign in instead."
    ),
    PasswordRequired => ("パスワードを入力してください。", "Enter your password."),
    ReasonEmailEmpty => ("メールアドレスを入力してください。", "Enter your email address."),
    ReasonEmailInvalid => (
        "メールアドレスの形式が正しくありません（例: name@example.jp）。",
        "Enter an email address like name@example.com."
    ),
    ReasonEmailTooLong => ("メールアドレスが長すぎます。", "This email address is too long."),
    ReasonPasswordTooShort => ("パスワードは10文字以上にしてください。", "Use at least 10 characters."),
    ReasonPasswordTooLong => ("パスワードは256文字以内にしてください。", "Use at most 256 characters."),
    ReasonPasswordTooCommon => (
        "推測されやすいパスワードです。別のパスワードにしてください。",
        "This password is too easy to guess. Please choose another."
    ),
    ReasonRequired => ("入力してください。", "This field is required."),
    ReasonTooLong => ("文字数が多すぎます。短くしてください。", "This is too long. Please shorten it."),

    // Account menu
    AccountMenu => ("アカウントメニュー", "Account menu"),
    LogOut => ("ログアウト", "Sign out"),
    FieldRole => ("権限", "Role"),
    RoleOwner => ("オーナー", "Owner"),
    RoleAdmin => ("管理者", "Admin"),
    RoleManager => ("マネージャー", "Manager"),
    RoleStaff => ("スタッフ", "Staff"),
    RoleViewer => ("閲覧のみ", "Viewer"),

    // Not found
    NotFoundTitle => ("ページが見つかりません", "Page not found"),
    NotFoundBody => (
        "お探しのページは存在しないか、移動した可能性があります。",
        "The page you opened doesn't exist or has moved."
    ),
}
