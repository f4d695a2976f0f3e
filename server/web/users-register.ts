/**
 * In-game registration, `POST /users` (score-and-web.md §5.3, the client's protocol): a
 * urlencoded or multipart/form-data form with the fields
 * `user[username]`, `user[user_email]`, `user[password]`, `check` (1 = validate only). Success →
 * 200 `ok`; validation errors → 400 `{"form_error":{"user":{"username":[…],"user_email":[…],
 * "password":[…]}}}`, each list holding one string with that field's messages newline-joined.
 */
import type { HttpRequest, HttpResponse, HttpRouter } from '../http/types.js';
import { json, text } from '../http/types.js';
import type { BanchoDeps } from '../bancho/context.js';
import { createUser } from '../users/create-user.js';
import { fieldText, MultipartError, parseMultipart } from './multipart.js';

export interface RegistrationForm {
  username: string;
  email: string;
  password: string;
  checkOnly: boolean;
}

export type FieldErrors = Partial<Record<'username' | 'user_email' | 'password', string[]>>;

/** Parses the urlencoded form; missing fields become empty strings (the validator names them). */
export function parseRegistrationForm(body: Buffer): RegistrationForm {
  const form = new URLSearchParams(body.toString('utf8'));
  return {
    username: form.get('user[username]') ?? '',
    email: form.get('user[user_email]') ?? '',
    password: form.get('user[password]') ?? '',
    checkOnly: form.get('check') === '1',
  };
}

/** Registration forms are small: three short fields and a flag. */
const FORM_LIMITS = { fieldBytes: 1024, fileBytes: 0, parts: 16 };

/**
 * The form as the client sent it: multipart/form-data (what the stable client's registration is
 * read as on other servers) or urlencoded. A malformed multipart body is a MultipartError.
 */
export async function readRegistrationForm(contentType: string | undefined, body: Buffer): Promise<RegistrationForm> {
  if (!contentType || !/^multipart\/form-data\b/i.test(contentType)) return parseRegistrationForm(body);
  const parts = await parseMultipart(contentType, body, FORM_LIMITS);
  return {
    username: fieldText(parts, 'user[username]'),
    email: fieldText(parts, 'user[user_email]'),
    password: fieldText(parts, 'user[password]'),
    checkOnly: fieldText(parts, 'check') === '1',
  };
}

export function formErrorResponse(errors: FieldErrors): HttpResponse {
  const user: Record<string, string[]> = {};
  for (const [field, messages] of Object.entries(errors)) {
    if (messages && messages.length > 0) user[field] = [messages.join('\n')];
  }
  return json(400, { form_error: { user } });
}

export type RegisterFn = (deps: BanchoDeps, form: RegistrationForm, ip: string) => Promise<{ ok: true } | { ok: false; errors: FieldErrors }>;

export function mountRegistration(router: HttpRouter, deps: BanchoDeps, register: RegisterFn = (d, f, ip) => registerFromForm(d, f, ip)): void {
  router.route(
    'post',
    '/users',
    async (req: HttpRequest) => {
      let form: RegistrationForm;
      try {
        form = await readRegistrationForm(req.headers.get('content-type'), req.body);
      } catch (err) {
        if (err instanceof MultipartError) return text(400, `malformed registration form: ${err.message}`);
        throw err;
      }
      const result = await register(deps, form, req.ip);
      if (!result.ok) return formErrorResponse(result.errors);
      return text(200, 'ok');
    },
    { maxBodyBytes: 16 * 1024 },
  );
}

/**
 * Operators switch in-game registration off with the `bancho_settings` row
 * `ingame_registration` = 0 (absent = on); the client then shows the password-field message.
 */
export const REGISTRATION_SETTING = 'ingame_registration';
/** Akatsuki's website-wide switch (hanayo reads it): 0 closes registration everywhere, in-game too. */
export const SYSTEM_REGISTRATIONS_SETTING = 'registrations_enabled';

const registerFromForm: RegisterFn = async (deps, form, ip) => {
  const [inGame, everywhere] = await Promise.all([
    deps.storage.settings.getInt(REGISTRATION_SETTING),
    deps.storage.systemSettings.getInt(SYSTEM_REGISTRATIONS_SETTING),
  ]);
  if (inGame === 0 || everywhere === 0) {
    return { ok: false, errors: { password: ['In-game registration is disabled. Please register on the website.'] } };
  }
  // The real country instead of XX when geolocation is configured (issue 10; a check-only pass skips it).
  const country = form.checkOnly ? undefined : (await deps.geo?.locate(ip))?.country;
  const result = await createUser(
    { storage: deps.storage, hasher: deps.passwords },
    { username: form.username, email: form.email, password: form.password, ...(country ? { country } : {}) },
    { validateOnly: form.checkOnly, forbiddenNames: [deps.config.botName] },
  );
  if (result.ok) {
    if (!form.checkOnly) {
      await deps.storage.hardware.logIp(result.userId, ip, Math.floor(deps.clock.now() / 1000));
      deps.log.info('registered in-game', { userId: result.userId, username: form.username.trim() });
    }
    return { ok: true };
  }
  const e = result.errors as Record<string, string[] | undefined>;
  const errors: FieldErrors = {};
  if (e.username?.length) errors.username = e.username;
  if (e.email?.length) errors.user_email = e.email;
  const other = Object.entries(e)
    .filter(([k]) => k !== 'username' && k !== 'email')
    .flatMap(([, v]) => v ?? []);
  if (other.length) errors.password = other;
  return { ok: false, errors };
};
