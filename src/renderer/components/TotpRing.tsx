/** The countdown ring around a TOTP code: full at the start of the period, empty when it changes. */
export function TotpRing({ secondsLeft, period }: { readonly secondsLeft: number; readonly period: number }) {
  const radius = 9;
  const circumference = 2 * Math.PI * radius;
  const fraction = period > 0 ? Math.min(1, Math.max(0, secondsLeft / period)) : 0;
  return (
    <svg className={`totp-ring${secondsLeft <= 5 ? ' totp-ring-ending' : ''}`} viewBox="0 0 24 24" width="28" height="28" aria-hidden="true">
      <circle className="totp-ring-track" cx="12" cy="12" r={radius} fill="none" strokeWidth="3" />
      <circle
        className="totp-ring-fill"
        cx="12"
        cy="12"
        r={radius}
        fill="none"
        strokeWidth="3"
        strokeDasharray={`${circumference * fraction} ${circumference}`}
        transform="rotate(-90 12 12)"
        data-fraction={fraction.toFixed(3)}
      />
      <text x="12" y="15.5" textAnchor="middle" className="totp-ring-text">
        {secondsLeft}
      </text>
    </svg>
  );
}
