import { useEffect, useRef, type KeyboardEvent } from 'react';

import { Highlight } from '../components/Highlight';
import { Icon, TypeIcon } from '../components/Icons';
import { VirtualList } from '../components/VirtualList';
import { presentError } from '../errors';
import { searchCommandFor, type SearchCommand } from '../search/keymap';
import type { AppStoreState } from '../store/app-store';
import { useAppStore, useAppStoreApi } from '../store/context';
import { selectEntryCount, selectRestricted } from '../store/selectors';
import { strings } from '../strings';

export const RESULT_ROW_HEIGHT = 46;
const PAGE_ROWS = 8;
const LIST_ID = 'search-results';

export function resultOptionId(index: number): string {
  return `search-result-${index}`;
}

function runCommand(command: SearchCommand, state: AppStoreState): void {
  switch (command) {
    case 'move-down':
      return state.moveSelection(1);
    case 'move-up':
      return state.moveSelection(-1);
    case 'page-down':
      return state.moveSelection(PAGE_ROWS);
    case 'page-up':
      return state.moveSelection(-PAGE_ROWS);
    case 'copy-main':
      return void state.copyFromSelected('main');
    case 'copy-username':
      return void state.copyFromSelected('username');
    case 'copy-totp':
      return void state.copyFromSelected('totp');
    case 'open-url':
      return void state.openSelectedUrl();
    case 'details':
      return void state.openDetails();
    case 'escape':
      return void state.clearOrHide();
    case 'lock':
      return void state.lock();
    case 'settings':
      return state.showScreen('settings');
    case 'shortcuts':
      return state.setShortcutSheet(true);
    case 'auto-type':
      return void state.autoTypeSelected();
  }
}

function ResultRow({ index }: { readonly index: number }) {
  const entry = useAppStore((state) => state.results[index]);
  const selected = useAppStore((state) => state.selectedIndex === index);
  const count = useAppStore((state) => state.results.length);
  const select = useAppStore((state) => state.select);
  const openDetails = useAppStore((state) => state.openDetails);
  if (!entry) {
    return null;
  }
  const typeLabel = strings.entryTypes[entry.type];
  return (
    <div
      id={resultOptionId(index)}
      role="option"
      aria-selected={selected}
      aria-setsize={count}
      aria-posinset={index + 1}
      className={`result${selected ? ' selected' : ''}`}
      // Keep focus in the search box so the keyboard keeps working after a click.
      onMouseDown={(event) => event.preventDefault()}
      onClick={() => select(index)}
      onDoubleClick={() => void openDetails(index)}
      data-entry-id={entry.id}
    >
      <TypeIcon type={entry.type} label={typeLabel} />
      <div className="result-text">
        <div className="result-title">
          <span className="result-title-text">
            <Highlight text={entry.title} ranges={entry.titleMatches} />
          </span>
          {entry.description !== '' ? (
            <span className="result-username" data-testid="result-username">
              <Highlight text={entry.description} ranges={entry.descriptionMatches} />
            </span>
          ) : null}
          {entry.favourite ? (
            <span className="favourite-mark">
              <Icon name="star" label={strings.search.favourite} />
            </span>
          ) : null}
        </div>
        <div className="result-meta">
          <span className="result-path">{entry.path.join(' › ')}</span>
          {entry.urlHost ? <span className="result-host">{entry.urlHost}</span> : null}
        </div>
      </div>
    </div>
  );
}

/**
 * What the results are, for screen readers: one live region that exists (empty) from the start, so
 * a count or "Nothing matches …" is announced even when the list it describes appears or goes.
 */
function ResultsAnnouncement() {
  const query = useAppStore((state) => state.query);
  const resultsQuery = useAppStore((state) => state.resultsQuery);
  const count = useAppStore((state) => state.results.length);
  const total = useAppStore((state) => state.total);
  const settled = query.trim() !== '' && resultsQuery === query;
  const text = !settled ? '' : count === 0 ? strings.search.noResults(query) : strings.search.resultCount(count, total);
  return (
    <p className="visually-hidden" role="status" data-testid="results-announcement">
      {text}
    </p>
  );
}

function SearchBody() {
  const query = useAppStore((state) => state.query);
  const resultsQuery = useAppStore((state) => state.resultsQuery);
  const count = useAppStore((state) => state.results.length);
  const total = useAppStore((state) => state.total);
  const selectedIndex = useAppStore((state) => state.selectedIndex);
  const searchError = useAppStore((state) => state.searchError);
  const restricted = useAppStore(selectRestricted);

  if (searchError) {
    const shown = presentError(searchError);
    return (
      <div className="empty-state" role="alert">
        <Icon name="warning" />
        <p className="empty-title">{shown.title}</p>
        <p>{shown.message}</p>
        <p className="muted">{shown.remedy}</p>
      </div>
    );
  }
  // An empty query lists favourites, recent and A–Z (main answers it); the hint shows until then.
  if (query.trim() === '' && count === 0) {
    return (
      <div className="empty-state">
        <p className="muted">{strings.search.emptyHint}</p>
      </div>
    );
  }
  if (count === 0 && resultsQuery === query) {
    return (
      <div className="empty-state" data-testid="no-results">
        <p className="empty-title" aria-hidden="true">
          {strings.search.noResults(query)}
        </p>
        <p className="muted">{restricted ? strings.search.noResultsRestricted : strings.search.noResultsRemedy}</p>
      </div>
    );
  }
  return (
    <>
      <div className="result-count" aria-hidden="true">
        {query.trim() === '' ? strings.search.browseHeading(count, total) : strings.search.resultCount(count, total)}
      </div>
      <VirtualList id={LIST_ID} count={count} rowHeight={RESULT_ROW_HEIGHT} selectedIndex={selectedIndex} label={strings.search.resultsLabel} renderRow={(index) => <ResultRow index={index} />} />
    </>
  );
}

export function SearchScreen() {
  const store = useAppStoreApi();
  const query = useAppStore((state) => state.query);
  const count = useAppStore((state) => state.results.length);
  const selectedIndex = useAppStore((state) => state.selectedIndex);
  const focusToken = useAppStore((state) => state.focusToken);
  const entryCount = useAppStore(selectEntryCount);
  const restricted = useAppStore(selectRestricted);
  const setQuery = useAppStore((state) => state.setQuery);
  const showScreen = useAppStore((state) => state.showScreen);
  const lock = useAppStore((state) => state.lock);
  const setShortcutSheet = useAppStore((state) => state.setShortcutSheet);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, [focusToken]);

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    const target = event.currentTarget;
    const command = searchCommandFor(event, {
      queryEmpty: target.value === '',
      caretAtEnd: target.selectionStart === target.value.length && target.selectionEnd === target.value.length,
      hasSelection: count > 0,
    });
    if (command === null) {
      return;
    }
    event.preventDefault();
    runCommand(command, store.getState());
  }

  return (
    <div className="screen search-screen">
      <h1 className="visually-hidden">{strings.nav.search}</h1>
      <div className="search-bar">
        <Icon name="search" />
        <input
          ref={input}
          className="search-input"
          type="text"
          role="combobox"
          aria-label={strings.search.label}
          aria-expanded={count > 0}
          aria-controls={LIST_ID}
          aria-autocomplete="list"
          aria-activedescendant={count > 0 ? resultOptionId(selectedIndex) : undefined}
          placeholder={strings.search.placeholder(entryCount)}
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          onKeyDown={onKeyDown}
          spellCheck={false}
          autoComplete="off"
          data-testid="search-input"
        />
        <button type="button" className="icon-button" onClick={() => setShortcutSheet(true)} aria-label={strings.nav.shortcuts} title={strings.nav.shortcuts}>
          <Icon name="keyboard" />
        </button>
        <button type="button" className="icon-button" onClick={() => showScreen('generator')} aria-label={strings.generator.open} title={strings.generator.open} data-testid="open-generator">
          <Icon name="dice" />
        </button>
        <button type="button" className="icon-button" onClick={() => showScreen('settings')} aria-label={strings.nav.settings} title={strings.nav.settings}>
          <Icon name="gear" />
        </button>
        <button type="button" className="icon-button" onClick={() => void lock()} aria-label={strings.nav.lock} title={strings.nav.lock}>
          <Icon name="lock" />
        </button>
      </div>
      {restricted ? <div className="banner">{strings.search.restrictedBanner}</div> : null}
      <ResultsAnnouncement />
      <div className="search-body">
        <SearchBody />
      </div>
    </div>
  );
}
