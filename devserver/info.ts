/**
 * The `/info/` document (spec §3) as upstream's settings build it with the default configuration,
 * rendered like Python's `json.dumps`; the caller signs this exact string.
 */
import { pythonJsonDumps } from './pyjson';
import type { VersionProfile } from './version';

export function infoDocument(profile: VersionProfile, publicKeyHex: string): string {
  // 3.5 has none of the fields added later.
  const extras = profile.infoExtras;
  return pythonJsonDumps({
    version: profile.versionString,
    api: 1,
    log_audit: false,
    public_key: publicKeyHex,
    authentication_methods: ['AUTHKEY'],
    ...(extras ? { domain_synonyms: [], excluded_domains: [] } : {}),
    web_client: '',
    management: false,
    files: false,
    allowed_file_repository_types: [],
    ...(extras ? { favicon_service_url: 'https://favicon.psono.com/v1/icon/' } : {}),
    auto_prolongation_token_time_valid: 0,
    allowed_second_factors: ['yubikey_otp', 'webauthn', 'google_authenticator', 'duo'],
    disable_central_security_reports: false,
    disable_callbacks: true,
    allow_user_search_by_email: false,
    allow_user_search_by_username_partial: false,
    system_wide_duo_exists: false,
    multifactor_enabled: false,
    type: 'CE',
    credit_buy_address: '',
    // str(Decimal) upstream.
    credit_costs_upload: '0',
    credit_costs_download: '0',
    credit_costs_storage: '0',
    ...(extras ? { avatar_dimension_x: 256, avatar_dimension_y: 256, avatar_max_size_kb: 100 } : {}),
  });
}
