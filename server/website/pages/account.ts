/**
 * Register, log in, log out, settings. Registration follows the in-game rules (the same
 * validation and createUser: bcrypt of the md5, new accounts pending verification until their
 * first login from the game); logging in checks the password the way bancho does.
 */
import type { HttpResponse } from '../../http/types.js';
import { createUser, md5Hex } from '../../users/create-user.js';
import { Privileges } from '../../domain/privileges.js';
import { MODE_LABELS } from '../../api/public/format.js';
import { html, type Node } from '../html.js';
import { page, redirect, type WebRequest, type WebsiteDeps } from '../context.js';

const form = (body: Buffer): URLSearchParams => new URLSearchParams(body.toString('utf8'));

function csrfOk(deps: WebsiteDeps, w: WebRequest, f: URLSearchParams): boolean {
  return deps.signer.checkCsrf(w.req.headers.get('cookie'), f.get('csrf') ?? '');
}

const errorList = (errors: string[]): Node =>
  errors.length === 0 ? null : html`<ul class="error" role="alert">${errors.map((e) => html`<li>${e}</li>`)}</ul>`;

function registerForm(w: WebRequest, values: { username?: string; email?: string }, errors: string[]): Node {
  return html`<h1>Register</h1>${errorList(errors)}
    <form method="post" action="/register" class="stack">
      <input type="hidden" name="csrf" value=${w.page.csrf} />
      <label>Username <input name="username" required minlength="2" maxlength="15" autocomplete="username" value=${values.username ?? ''} /></label>
      <label>Email <input name="email" type="email" required autocomplete="email" value=${values.email ?? ''} /></label>
      <label>Password <input name="password" type="password" required minlength="8" autocomplete="new-password" /></label>
      <button type="submit">Create account</button>
    </form>`;
}

export async function registerView(deps: WebsiteDeps, w: WebRequest): Promise<HttpResponse> {
  if (w.req.method !== 'post') return page(w, 'Register', registerForm(w, {}, []));
  const f = form(w.req.body);
  if (!csrfOk(deps, w, f)) return page(w, 'Register', registerForm(w, {}, ['The form expired: please try again.']), { status: 400 });
  const input = { username: f.get('username') ?? '', email: f.get('email') ?? '', password: f.get('password') ?? '' };
  const result = await createUser({ storage: deps.storage, hasher: deps.passwords }, input);
  if (!result.ok) {
    const errors = Object.values(result.errors).flatMap((v) => v ?? []);
    return page(w, 'Register', registerForm(w, input, errors), { status: 400 });
  }
  const cookie = deps.signer.setCookie(deps.signer.issue(result.userId, w.nowS), deps.secureCookies);
  return redirect(`/u/${result.userId}`, { 'Set-Cookie': cookie });
}

function loginForm(w: WebRequest, name: string, errors: string[]): Node {
  return html`<h1>Log in</h1>${errorList(errors)}
    <form method="post" action="/login" class="stack">
      <input type="hidden" name="csrf" value=${w.page.csrf} />
      <label>Username <input name="username" required autocomplete="username" value=${name} /></label>
      <label>Password <input name="password" type="password" required autocomplete="current-password" /></label>
      <button type="submit">Log in</button>
    </form>`;
}

export async function loginView(deps: WebsiteDeps, w: WebRequest): Promise<HttpResponse> {
  if (w.req.method !== 'post') return page(w, 'Log in', loginForm(w, '', []));
  const f = form(w.req.body);
  const name = f.get('username') ?? '';
  if (!csrfOk(deps, w, f)) return page(w, 'Log in', loginForm(w, name, ['The form expired: please try again.']), { status: 400 });
  const user = await deps.storage.users.findBySafeName(name.trim().toLowerCase().replaceAll(' ', '_'));
  const ok = user !== undefined && (await deps.passwords.verify(md5Hex(f.get('password') ?? ''), user.passwordHash));
  // Banned accounts (neither public nor normal, not pending) may not log in; restricted ones may.
  const banned = user !== undefined && (user.privileges & (Privileges.PubliclyVisible | Privileges.CanLogin | Privileges.PendingVerification)) === 0;
  if (!ok || banned) return page(w, 'Log in', loginForm(w, name, [banned ? 'This account is banned.' : 'Wrong username or password.']), { status: 401 });
  return redirect(`/u/${user.id}`, { 'Set-Cookie': deps.signer.setCookie(deps.signer.issue(user.id, w.nowS), deps.secureCookies) });
}

export function logoutView(deps: WebsiteDeps, w: WebRequest): HttpResponse {
  const f = form(w.req.body);
  if (!csrfOk(deps, w, f)) return redirect('/leaderboard');
  return redirect('/leaderboard', { 'Set-Cookie': deps.signer.clearCookie() });
}

const PLAY_STYLES = ['Mouse', 'Tablet', 'Keyboard', 'Touchscreen'];

export async function settingsView(deps: WebsiteDeps, w: WebRequest): Promise<HttpResponse> {
  if (!w.page.me) return redirect('/login');
  const me = w.page.me;
  const notices: Node[] = [];
  const errors: string[] = [];
  if (w.req.method === 'post') {
    const f = form(w.req.body);
    if (!csrfOk(deps, w, f)) errors.push('The form expired: please try again.');
    else {
      const fav = Number(f.get('favourite_mode'));
      const size = (f.get('leaderboard_size') ?? '').trim();
      const sizeN = size === '' ? null : Number(size);
      const page = f.get('userpage') ?? '';
      let style = 0;
      for (const [i] of PLAY_STYLES.entries()) if (f.getAll('play_style').includes(String(i))) style |= 1 << i;
      if (!(fav >= 0 && fav <= 3)) errors.push('Favourite mode must be one of the four modes.');
      if (sizeN !== null && !(Number.isInteger(sizeN) && sizeN >= 1 && sizeN <= 500)) errors.push('Leaderboard size must be a whole number from 1 to 500.');
      if (page.length > 65_535) errors.push('The userpage is longer than 65,535 characters.');
      if (errors.length === 0) {
        await deps.settings.save(me.id, { favouriteMode: fav, playStyle: style, vanillaPpLeaderboards: f.get('vanilla_pp_leaderboards') === '1', leaderboardSize: sizeN, userpageContent: page });
        notices.push(html`<p class="notice" role="status">Settings saved.</p>`);
      }
    }
  }
  const user = await deps.read.findUser({ id: me.id }, { selfId: me.id, seesAll: true });
  if (!user) return redirect('/login');
  return page(
    w,
    'Settings',
    html`<h1>Settings</h1>${notices}${errorList(errors)}
      <form method="post" action="/settings" class="stack" id="settings">
        <input type="hidden" name="csrf" value=${w.page.csrf} />
        <label>Favourite mode
          <select name="favourite_mode">${MODE_LABELS.map((l, i) => html`<option value=${i} selected=${user.favouriteMode === i}>${l}</option>`)}</select>
        </label>
        <fieldset><legend>Play style</legend>
          ${PLAY_STYLES.map((s, i) => html`<label class="check"><input type="checkbox" name="play_style" value=${i} checked=${(user.playStyle & (1 << i)) !== 0} /> ${s}</label>`)}
        </fieldset>
        <label class="check"><input type="checkbox" name="vanilla_pp_leaderboards" value="1" checked=${user.vanillaPpLeaderboards} /> Sort vanilla in-game leaderboards by pp</label>
        <label>In-game leaderboard size (empty = server default)
          <input name="leaderboard_size" inputmode="numeric" value=${user.leaderboardSize === null ? '' : String(user.leaderboardSize)} />
        </label>
        <label>Userpage <textarea name="userpage" rows="6">${user.userpageContent ?? ''}</textarea></label>
        <button type="submit">Save</button>
      </form>`,
  );
}
