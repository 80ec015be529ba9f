import { expect, test, type Browser, type Page } from "@playwright/test";
import { expectAccessible } from "./fixtures/axe";
import { mailCount, waitForMail } from "./fixtures/mailbox";
import { signUp, STRONG_PASSWORD, uniqueEmail } from "./fixtures/users";
import { LOCALE_NAMES } from "../lib/i18n/locales";

// Issue 16: the reset journey in German and in Arabic, chosen by Accept-Language (the context's
// locale: Chromium writes the header from it) and by the switcher, with and without JavaScript,
// compared line by line with the same journey in English: no line of an English page may be left
// on its translation, and Arabic pages are right to left.

const NEW_PASSWORD = "Sprachen-Wechsel-4711";
type Step = "request" | "sent" | "link" | "password" | "done";
type Texts = Partial<Record<Step, string[]>>;

/** Labels and buttons of the journey in each language, as a person reads them. */
const WORDS = {
  en: { email: "Email", send: "Send reset link", continue: "Continue", password: "New password", confirm: "Confirm new password", save: "Save new password", done: "Password changed" },
  de: { email: "E-Mail-Adresse", send: "Link senden", continue: "Weiter", password: "Neues Passwort", confirm: "Neues Passwort bestätigen", save: "Neues Passwort speichern", done: "Passwort geändert" },
  ar: { email: "البريد الإلكتروني", send: "إرسال رابط إعادة التعيين", continue: "متابعة", password: "كلمة المرور الجديدة", confirm: "تأكيد كلمة المرور الجديدة", save: "حفظ كلمة المرور الجديدة", done: "تم تغيير كلمة المرور" },
} as const;

/** Every line a person can read on the page (and its title), minus what is the same in every language. */
async function readableLines(page: Page, typed: string): Promise<string[]> {
  await expect(page).toHaveTitle(/\S/);
  const text = `${await page.title()}\n${await page.locator("body").innerText()}`;
  const same = new Set<string>([...Object.values(LOCALE_NAMES), "Rekey", "·"]);
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !same.has(line) && !line.includes(typed) && /\p{L}{3}/u.test(line));
}

async function newAccount(browser: Browser): Promise<string> {
  const context = await browser.newContext();
  const { email } = await signUp(await context.newPage(), uniqueEmail("lang"));
  await context.close();
  return email;
}

/** From an English page at `path`, the switcher to Arabic: back on `path`, right to left. */
async function switchToArabic(page: Page, path: string) {
  await page.goto(path);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await page.getByLabel("Language").selectOption("ar");
  await page.getByRole("button", { name: "Change language" }).click();
  await expect(page).toHaveURL(new RegExp(`${path}$`));
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  await expect(page.locator("html")).toHaveAttribute("lang", "ar");
}

/**
 * Reads a step's page into `texts` (axe first when asked: the right-to-left pages, whose mirrored
 * layout only these journeys reach; the English pages are scanned in accessibility.spec.ts); with
 * `compare`, no line of that step's English page may be left on it.
 */
function looker<S extends string>(page: Page, typed: string, options: { axe: boolean; texts: Partial<Record<S, string[]>>; compare?: Partial<Record<S, string[]>> }) {
  return async (step: S) => {
    if (options.axe) await expectAccessible(page);
    const lines = await readableLines(page, typed);
    options.texts[step] = lines;
    if (!options.compare) return;
    const english = options.compare[step];
    expect(english?.length, `the English ${step} page was read first`).toBeGreaterThan(2);
    if (english) expect(lines.filter((line) => english.includes(line)), `English left on the ${step} page`).toEqual([]);
  };
}

/** The journey in `page`'s language: request, check the mail, follow its link, choose a password. */
async function resetJourney(page: Page, email: string, lang: keyof typeof WORDS, options: { axe: boolean; texts: Texts; compare?: Texts }) {
  const w = WORDS[lang];
  const look = looker<Step>(page, email, options);
  if (!page.url().endsWith("/reset")) await page.goto("/reset");
  await look("request");
  const before = await mailCount();
  await page.getByLabel(w.email, { exact: true }).fill(email);
  await page.getByRole("button", { name: w.send }).click();
  await expect(page).toHaveURL(/\/reset\/sent$/);
  await look("sent");
  const mail = await waitForMail(email, { after: before });
  const link = /https?:\/\/\S+\/reset\/verify\?ticket=[A-Za-z0-9_%-]+/.exec(mail.text)?.[0];
  expect(link).toMatch(/\/reset\/verify\?ticket=[A-Za-z0-9_-]{43}$/);
  await page.goto(link!);
  await look("link");
  await page.getByRole("button", { name: w.continue }).click();
  await expect(page).toHaveURL(/\/reset\/password$/);
  await look("password");
  await page.getByLabel(w.password, { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel(w.confirm, { exact: true }).fill(NEW_PASSWORD);
  await page.getByRole("button", { name: w.save }).click();
  await expect(page).toHaveURL(/\/reset\/done$/);
  await expect(page.getByRole("heading", { name: w.done })).toBeVisible();
  await look("done");
  return mail;
}

const english: Texts = {};

type PublicStep = "login" | "loginRefused" | "signup" | "signupRefused";
type PublicTexts = Partial<Record<PublicStep, string[]>>;

/** Sign-in's and sign-up's labels, buttons and refusals in each language. */
const PUBLIC_WORDS = {
  en: { identifier: "Email or username", password: "Password", signIn: "Sign in", email: "Email", create: "Create account", wrong: "Wrong email or password.", emailRequired: "Enter your email address." },
  de: {
    identifier: "E-Mail-Adresse oder Benutzername",
    password: "Passwort",
    signIn: "Anmelden",
    email: "E-Mail-Adresse",
    create: "Konto erstellen",
    wrong: "E-Mail-Adresse oder Passwort ist falsch.",
    emailRequired: "Geben Sie Ihre E-Mail-Adresse ein.",
  },
  ar: {
    identifier: "البريد الإلكتروني أو اسم المستخدم",
    password: "كلمة المرور",
    signIn: "تسجيل الدخول",
    email: "البريد الإلكتروني",
    create: "إنشاء الحساب",
    wrong: "البريد الإلكتروني أو كلمة المرور غير صحيحة.",
    emailRequired: "أدخل بريدك الإلكتروني.",
  },
} as const;

/**
 * /login (a refused password included) and /signup (a refused form included) in `page`'s language;
 * with `create`, the sign-up then makes the account `email` and ends signed in on /account.
 */
async function signInAndUp(page: Page, email: string, lang: keyof typeof PUBLIC_WORDS, options: { axe: boolean; texts: PublicTexts; compare?: PublicTexts; create: boolean }) {
  const w = PUBLIC_WORDS[lang];
  const look = looker<PublicStep>(page, email, options);
  if (!/\/login$/.test(page.url())) await page.goto("/login");
  await look("login");
  // An account that does not exist yet: refused like a wrong password, in the page's language.
  await page.getByLabel(w.identifier, { exact: true }).fill(email);
  await page.getByLabel(w.password, { exact: true }).fill("not-the-password");
  await page.getByRole("button", { name: w.signIn, exact: true }).click();
  await expect(page.getByRole("alert").filter({ hasText: w.wrong })).toBeVisible();
  await look("loginRefused");

  await page.goto("/signup");
  await look("signup");
  await page.getByRole("button", { name: w.create, exact: true }).click();
  await expect(page.locator(".field__error").filter({ hasText: w.emailRequired })).toBeVisible();
  await look("signupRefused");
  if (!options.create) return;
  await page.getByLabel(w.email, { exact: true }).fill(email);
  await page.getByLabel(w.password, { exact: true }).fill(STRONG_PASSWORD);
  await page.getByRole("button", { name: w.create, exact: true }).click();
  await expect(page).toHaveURL(/\/account$/);
}

const englishPublic: PublicTexts = {};
// The later journeys compare with the English pages the first one reads.
test.describe.configure({ mode: "serial" });

test("German by Accept-Language: every reset page and the email in German, no English line left", async ({ browser }) => {
  test.setTimeout(180_000);
  const [enUser, deUser] = [await newAccount(browser), await newAccount(browser)];
  const en = await browser.newContext({ locale: "en-US" });
  const enPage = await en.newPage();
  const enMail = await resetJourney(enPage, enUser, "en", { axe: false, texts: english });
  expect(enMail.subject).toBe("Reset your Rekey password");
  await expect(enPage.locator("html")).toHaveAttribute("lang", "en");
  await en.close();

  const de = await browser.newContext({ locale: "de-AT" });
  const page = await de.newPage();
  const mail = await resetJourney(page, deUser, "de", { axe: false, texts: {}, compare: english });
  await expect(page.locator("html")).toHaveAttribute("lang", "de");
  await expect(page.locator("html")).toHaveAttribute("dir", "ltr");
  // The email is in the language the request was made in (the user has no locale of their own).
  expect(mail.subject).toBe("Setzen Sie Ihr Passwort für Rekey zurück");
  expect(mail.text).toContain("Ihr Code zum Zurücksetzen");
  expect(mail.text).not.toMatch(/Reset your|Someone asked|expire in/);
  await de.close();
});

test("Arabic chosen with the switcher: right to left on every page, no English line left, axe passes in RTL", async ({ browser }) => {
  test.setTimeout(180_000);
  const email = await newAccount(browser);
  const context = await browser.newContext({ locale: "en-US" });
  const page = await context.newPage();
  await switchToArabic(page, "/reset");
  const mail = await resetJourney(page, email, "ar", { axe: true, texts: {}, compare: english });
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  expect(mail.html).toContain('<html lang="ar" dir="rtl">');
  // The layout mirrors: the card's text starts at the right edge.
  await expect(page.locator("h1")).toHaveCSS("direction", "rtl");
  await context.close();
});

test("sign-in and sign-up in German by Accept-Language: no English line left, the account made there signs in", async ({ browser }) => {
  test.setTimeout(120_000);
  const en = await browser.newContext({ locale: "en-US" });
  await signInAndUp(await en.newPage(), uniqueEmail("lang-en"), "en", { axe: false, texts: englishPublic, create: false });
  await en.close();

  const email = uniqueEmail("lang-de");
  const de = await browser.newContext({ locale: "de-DE" });
  const page = await de.newPage();
  await page.goto("/login");
  await expect(page).toHaveTitle(/^Anmelden/);
  await expect(page.locator("html")).toHaveAttribute("lang", "de");
  await expect(page.locator("html")).toHaveAttribute("dir", "ltr");
  await signInAndUp(page, email, "de", { axe: false, texts: {}, compare: englishPublic, create: true });
  await de.close();

  // The German form signs in: labels and button by their German names.
  const again = await browser.newContext({ locale: "de-DE" });
  const second = await again.newPage();
  await second.goto("/login");
  await second.getByLabel(PUBLIC_WORDS.de.identifier, { exact: true }).fill(email);
  await second.getByLabel(PUBLIC_WORDS.de.password, { exact: true }).fill(STRONG_PASSWORD);
  await second.getByRole("button", { name: PUBLIC_WORDS.de.signIn, exact: true }).click();
  await expect(second).toHaveURL(/\/account$/);
  await again.close();
});

test("sign-in and sign-up in Arabic chosen with the switcher: right to left, no English line left, axe passes in RTL", async ({ browser }) => {
  test.setTimeout(120_000);
  const context = await browser.newContext({ locale: "en-US" });
  const page = await context.newPage();
  await switchToArabic(page, "/login");
  await signInAndUp(page, uniqueEmail("lang-ar"), "ar", { axe: true, texts: {}, compare: englishPublic, create: false });
  await expect(page.locator("h1")).toHaveCSS("direction", "rtl");
  await context.close();
});

test("an English browser still gets every English word on /login and /signup", async ({ browser }) => {
  const context = await browser.newContext({ locale: "en-US" });
  const page = await context.newPage();
  await page.goto("/login");
  await expect(page).toHaveTitle(/^Sign in/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await expect(page.getByText("Use your email or username and password.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Forgot password?" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Use a passkey" })).toBeVisible();
  await expect(page.getByText("No account?")).toBeVisible();
  await page.goto("/signup");
  await expect(page.getByRole("heading", { name: "Create an account" })).toBeVisible();
  await expect(page.getByText("Already have an account?")).toBeVisible();
  await context.close();
});

test("an unknown address answers in the visitor's language: a 404 in Hebrew, right to left, axe passes", async ({ browser }) => {
  const context = await browser.newContext({ locale: "he-IL" });
  const page = await context.newPage();
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page.locator("html")).toHaveAttribute("lang", "he");
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  await expect(page.getByRole("heading", { name: "הדף לא נמצא" })).toBeVisible();
  await expect(page.getByRole("link", { name: "איפוס הסיסמה" })).toBeVisible();
  await expect(page).toHaveTitle(/^הדף לא נמצא/);
  await expectAccessible(page);
  await context.close();
});

test("a security key's name refusal in German: the WebAuthn route's answer carries its catalog ID, the page says it", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ locale: "en-US" });
  const page = await context.newPage();
  await signUp(page);
  await context.addCookies([{ name: "rekey_locale", value: "de", url: baseURL! }]);
  await page.goto("/account/security");
  await expect(page.locator("html")).toHaveAttribute("lang", "de");
  await page.getByLabel("Passwort", { exact: true }).fill(STRONG_PASSWORD);
  await page.getByRole("button", { name: "Passwort bestätigen" }).click();
  const add = page.getByRole("button", { name: "Sicherheitsschlüssel hinzufügen" });
  await expect(add).toBeEnabled();
  await page.getByLabel("Bezeichnung", { exact: true }).fill("   ");
  await add.click();
  await expect(page.getByRole("textbox", { name: "Bezeichnung" })).toHaveAccessibleDescription(/Geben Sie einen Namen ein, etwa „YubiKey“ oder „Laptop“\./);
  await context.close();
});

test("the OpenID Provider's own error page: German by Accept-Language, Arabic by the application's ui_locales", async ({ browser }) => {
  const authorize = (extra = "") => `/authorize?client_id=no-such-app&response_type=code&scope=openid&redirect_uri=${encodeURIComponent("https://app.example/callback")}${extra}`;
  const de = await browser.newContext({ locale: "de-DE" });
  const page = await de.newPage();
  expect((await page.goto(authorize()))?.status()).toBe(400);
  await expect(page.locator("html")).toHaveAttribute("lang", "de");
  await expect(page).toHaveTitle(/^Die Anmeldung konnte nicht fortgesetzt werden · /);
  await expect(page.getByRole("heading", { name: "Die Anmeldung konnte nicht fortgesetzt werden" })).toBeVisible();
  await de.close();

  const en = await browser.newContext({ locale: "en-US" });
  const arabic = await en.newPage();
  expect((await arabic.goto(authorize("&ui_locales=ar")))?.status()).toBe(400);
  await expect(arabic.locator("html")).toHaveAttribute("lang", "ar");
  await expect(arabic.locator("html")).toHaveAttribute("dir", "rtl");
  await expect(arabic.getByRole("heading", { name: "تعذّر متابعة تسجيل الدخول" })).toBeVisible();
  await expect(arabic.locator("h1")).toHaveCSS("direction", "rtl");
  await expectAccessible(arabic);
  await en.close();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the switcher and the whole reset work in Arabic, refusals included", async ({ browser }) => {
    test.setTimeout(180_000);
    const email = await newAccount(browser);
    const context = await browser.newContext({ javaScriptEnabled: false, locale: "en-US" });
    const page = await context.newPage();
    // The switcher keeps the flow: from the password page's address back to it, query and all.
    await page.goto("/reset?identifier=someone%40example.com");
    await page.getByLabel("Language").selectOption("ar");
    await page.getByRole("button", { name: "Change language" }).click();
    await expect(page).toHaveURL(/\/reset\?identifier=someone%40example\.com$/);
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
    await expect(page.getByLabel(WORDS.ar.email, { exact: true })).toHaveValue("someone@example.com");

    // A refusal comes back in Arabic too (the form's own message, by its ID).
    await page.getByLabel(WORDS.ar.email, { exact: true }).fill("");
    await page.getByRole("button", { name: WORDS.ar.send }).click();
    await expect(page.locator(".field__error")).toContainText("أدخل بريدك الإلكتروني");

    await resetJourney(page, email, "ar", { axe: false, texts: {}, compare: english });
    await context.close();
  });

  test("sign-in and sign-up work in Arabic, refusals included, and the account is made", async ({ browser }) => {
    test.setTimeout(120_000);
    const context = await browser.newContext({ javaScriptEnabled: false, locale: "en-US" });
    const page = await context.newPage();
    await switchToArabic(page, "/login");
    await signInAndUp(page, uniqueEmail("lang-ar-nojs"), "ar", { axe: false, texts: {}, compare: englishPublic, create: true });
    await context.close();
  });
});
