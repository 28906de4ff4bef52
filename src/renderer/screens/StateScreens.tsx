import type { AppError } from '../../shared/ipc/dto';
import { Icon } from '../components/Icons';
import { presentError } from '../errors';
import { strings } from '../strings';

export function ConnectingScreen() {
  return (
    <div className="screen centered-screen" data-testid="connecting-screen">
      <div className="card" role="status" aria-live="polite">
        <div className="spinner" aria-hidden="true" />
        <h1>{strings.connecting.title}</h1>
        <p className="muted">{strings.connecting.body}</p>
      </div>
    </div>
  );
}

export function LoadingScreen() {
  return (
    <div className="screen centered-screen">
      <p className="muted" role="status">
        {strings.loading}
      </p>
    </div>
  );
}

export function StartupErrorScreen({ error, onRetry }: { readonly error: AppError; readonly onRetry: () => void }) {
  const shown = presentError(error);
  return (
    <div className="screen centered-screen" data-testid="startup-error">
      <div className="card" role="alert">
        <div className="card-icon error">
          <Icon name="warning" />
        </div>
        <h1>{shown.title}</h1>
        <p>{shown.message}</p>
        <p className="muted">{shown.remedy}</p>
        <button type="button" className="button primary" onClick={onRetry}>
          {strings.retry}
        </button>
      </div>
    </div>
  );
}
