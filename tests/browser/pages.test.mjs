// tests/browser/pages.test.mjs — the pages as a person sees them, in
// Debian's Chromium driven by playwright-core: the GOV.UK Frontend
// stylesheet and fonts apply, signing in with a wrong and then the right
// password, signing out, no Content-Security-Policy violation or failed
// request on any page, and no axe-core accessibility violation on each.
// Starts the real binary ($SAFEHUB_BIN) on a fresh demo database. Run by
// tests/browser/run; screenshots go to build/browser/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const BIN = process.env.SAFEHUB_BIN;
const SHOTS = 'build/browser';
const GOVUK_GREEN = 'rgb(0, 112, 60)'; // $govuk-button-colour, GOV.UK Frontend 5

let dir, server, serverLog = '', base, context, user;

// Start `safehub serve` on a fresh demo database; resolve with its base URL.
function startServer(env) {
	return new Promise((resolve, reject) => {
		server = spawn(BIN, ['serve', '--listen', '127.0.0.1:0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
		let out = '';
		const timer = setTimeout(() => reject(new Error(`no port from safehub serve:\n${out}${serverLog}`)), 20000);
		server.stdout.on('data', (d) => {
			out += d;
			const m = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
			if (m) {
				clearTimeout(timer);
				resolve(m[1]);
			}
		});
		server.stderr.on('data', (d) => { serverLog += d; });
		server.on('exit', (code) => reject(new Error(`safehub serve exited ${code}:\n${serverLog}`)));
	});
}

before(async () => {
	assert.ok(BIN, 'SAFEHUB_BIN names the safehub binary to test');
	dir = mkdtempSync(join(tmpdir(), 'safehub-browser-'));
	const env = { ...process.env, SAFEHUB_DB: join(dir, 'safehub.db'), SAFEHUB_PWHASH_FAST: '1' };
	execFileSync(BIN, ['init'], { env, stdio: 'pipe' });
	const demo = execFileSync(BIN, ['demo'], { env, encoding: 'utf8' });
	// "EMAIL ROLE PASSWORD AGENCY" rows; take the MASH worker.
	const row = demo.split('\n').find((l) => l.startsWith('mash.worker@'));
	assert.ok(row, `safehub demo printed no MASH worker:\n${demo}`);
	const [email, , password] = row.trim().split(/\s+/);
	user = { email, password, name: 'Demo MASH Worker' };
	base = await startServer(env);
	mkdirSync(SHOTS, { recursive: true });
	context = await chromium.launchPersistentContext(join(dir, 'profile'), {
		executablePath: '/usr/bin/chromium',
		headless: true,
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
			'--disable-background-networking', '--disable-component-update', '--disable-sync'],
		viewport: { width: 1024, height: 768 },
	});
});

after(async () => {
	await context?.close();
	if (server && server.exitCode === null) {
		server.removeAllListeners('exit');
		const exited = new Promise((resolve) => server.once('exit', (code, signal) => resolve({ code, signal })));
		server.kill('SIGTERM');
		const { code, signal } = await exited;
		// A sanitizer report makes the server exit non-zero.
		assert.equal(code, 0, `safehub serve exited ${code ?? signal}:\n${serverLog.slice(-4000)}`);
	}
	if (dir) rmSync(dir, { recursive: true, force: true });
});

// A page that records what goes wrong while it is used: console errors
// (Chromium reports CSP refusals there), CSP violation events and failed
// or 4xx/5xx subresource loads.
async function openPage() {
	const page = await context.newPage();
	const problems = [];
	await page.addInitScript(() => {
		document.addEventListener('securitypolicyviolation', (e) => {
			console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
		});
	});
	page.on('console', (m) => {
		// A 4xx document (a form shown again, a 404 page) is logged as a
		// failed load; subresources are checked by status below.
		if (m.type() === 'error' && !m.text().startsWith('Failed to load resource'))
			problems.push(`console: ${m.text()}`);
	});
	page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
	page.on('requestfailed', (r) => problems.push(`failed: ${r.url()} ${r.failure()?.errorText}`));
	page.on('response', (r) => {
		if (r.status() >= 400 && r.request().resourceType() !== 'document')
			problems.push(`${r.status()}: ${r.url()}`);
	});
	return { page, problems };
}

// axe-core over the page. The CSP forbids inline script, so axe is not
// added as a <script>: its source is evaluated through the DevTools
// protocol, which the page's CSP does not govern.
async function assertAccessible(page, what) {
	await page.evaluate(axeSource);
	const result = await page.evaluate(async () => {
		// eslint-disable-next-line no-undef
		const r = await axe.run(document, { resultTypes: ['violations'] });
		return r.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
	});
	assert.deepEqual(result, [], `axe-core finds accessibility problems on ${what}`);
}

test('the sign-in page is styled by GOV.UK Frontend and is accessible', async () => {
	const { page, problems } = await openPage();
	const resp = await page.goto(`${base}/sign-in`);
	assert.equal(resp.status(), 200);
	await page.evaluate(() => document.fonts.ready);
	assert.equal(await page.title(), 'Sign in – safehub');
	const button = page.locator('button.govuk-button', { hasText: 'Sign in' });
	assert.equal(await button.evaluate((b) => getComputedStyle(b).backgroundColor), GOVUK_GREEN);
	const font = await page.locator('h1').evaluate((h) => getComputedStyle(h).fontFamily);
	assert.match(font, /GDS Transport/);
	assert.ok(await page.evaluate(() => document.fonts.check('bold 19px "GDS Transport"')),
		'the bold GDS Transport font is loaded from /assets/fonts/');
	assert.equal(await page.locator('.govuk-header__service-name').textContent(), 'safehub');
	// No script at all, so no js-enabled class either.
	assert.equal(await page.locator('script').count(), 0);
	assert.equal(await page.evaluate(() => document.body.className), 'govuk-template__body');
	await page.screenshot({ path: `${SHOTS}/signin.png`, fullPage: true });
	await assertAccessible(page, 'the sign-in page');
	assert.deepEqual(problems, []);
	await page.close();
});

test('a wrong password shows the error summary, links to the field and keeps no password', async () => {
	const { page, problems } = await openPage();
	await page.goto(`${base}/sign-in`);
	await page.fill('#email', user.email);
	await page.fill('#password', 'not the password');
	const [resp] = await Promise.all([page.waitForNavigation(), page.click('button.govuk-button')]);
	assert.equal(resp.status(), 401);
	assert.match(await page.title(), /^Error: Sign in – safehub$/);
	const summary = page.locator('.govuk-error-summary');
	assert.equal(await summary.locator('.govuk-error-summary__title').textContent(), 'There is a problem');
	const link = summary.locator('a');
	assert.equal(await link.count(), 1);
	assert.equal(await link.getAttribute('href'), '#password');
	assert.equal(await link.textContent(), 'The email or password is not right');
	assert.equal(await page.locator('#password-error').isVisible(), true);
	assert.equal(await page.inputValue('#password'), '');
	assert.equal(await page.inputValue('#email'), user.email);
	await link.click();
	assert.match(page.url(), /#password$/);
	await page.screenshot({ path: `${SHOTS}/signin-error.png`, fullPage: true });
	await assertAccessible(page, 'the sign-in page with an error');
	assert.deepEqual(problems, []);
	await page.close();
});

test('the right password lands on the home page naming the user, and sign-out ends it', async () => {
	const { page, problems } = await openPage();
	await page.goto(`${base}/sign-in`);
	await page.fill('#email', user.email);
	await page.fill('#password', user.password);
	await Promise.all([page.waitForURL(`${base}/`), page.click('button.govuk-button')]);
	assert.equal(await page.title(), 'Home – safehub');
	assert.match(await page.locator('main').innerText(), new RegExp(`You are signed in as ${user.name}\\.`));
	const rows = await page.locator('.govuk-summary-list__row').allInnerTexts();
	assert.deepEqual(rows.map((r) => r.replace(/\s+/g, ' ').trim()), [
		`Name ${user.name}`,
		`Email address ${user.email}`,
		'Role MASH social worker',
		"Agency Demo Children's Social Care",
	]);
	await page.screenshot({ path: `${SHOTS}/home.png`, fullPage: true });
	await assertAccessible(page, 'the home page, signed in');
	await Promise.all([page.waitForURL(`${base}/sign-in`), page.click('button:has-text("Sign out")')]);
	await page.goto(`${base}/`);
	assert.match(await page.locator('main').innerText(), /You are not signed in/);
	await assertAccessible(page, 'the home page, signed out');
	assert.deepEqual(problems, []);
	await page.close();
});

test('the not-found page uses the layout and is accessible', async () => {
	const { page, problems } = await openPage();
	const resp = await page.goto(`${base}/no-such-page`);
	assert.equal(resp.status(), 404);
	assert.equal(await page.locator('h1').textContent(), 'There is nothing at this address');
	const button = await page.locator('.govuk-header').evaluate((h) => getComputedStyle(h).backgroundColor);
	assert.notEqual(button, 'rgba(0, 0, 0, 0)', 'the GOV.UK header is styled');
	await assertAccessible(page, 'the not-found page');
	assert.deepEqual(problems, []);
	await page.close();
});

test('the watcher used above does see a CSP refusal (so its silence means something)', async () => {
	const { page, problems } = await openPage();
	await page.goto(`${base}/sign-in`);
	await page.evaluate(() => {
		const s = document.createElement('style');
		s.textContent = 'body { color: red }';
		document.head.append(s);
	});
	await page.waitForTimeout(200);
	assert.ok(problems.some((p) => /Content Security Policy|CSP violation/.test(p)), problems.join('\n'));
	await page.close();
});
