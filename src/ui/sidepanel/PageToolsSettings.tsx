import { useId, useMemo, useState } from 'react';
import { requestOrigins } from '@/src/platform/permissions';
import { ALL_SITES } from '@/src/page/toolbar-script';
import { browserLanguage, languageName } from '@/src/page/page-settings';
import { normalizeSiteEntry } from '@/src/page/site-match';
import { strings } from '@/src/ui/strings';
import { SiteListEditor } from './SiteListEditor';
import { useToolbarSettings, useTranslateLanguage, type NeverSendList } from './use-page-settings';

const text = strings.pageContext.settings;

/** Translation targets offered besides the browser's language. */
const LANGUAGES = ['en', 'es', 'fr', 'de', 'it', 'pt', 'nl', 'pl', 'sv', 'da', 'nb', 'fi', 'cs', 'el', 'ro', 'hu', 'tr', 'ru', 'uk', 'ar', 'he', 'hi', 'bn', 'id', 'vi', 'th', 'ja', 'ko', 'zh-CN', 'zh-TW'];

function requestAllSites(): Promise<boolean> {
  try {
    return requestOrigins(ALL_SITES).catch(() => false);
  } catch {
    return Promise.resolve(false);
  }
}

/** The page tools' settings: never-send sites, the selection toolbar, the translation language. */
export function PageToolsSettings({ neverSend }: { neverSend: NeverSendList }) {
  const toolbarId = useId();
  const languageId = useId();
  const [toolbar, updateToolbar] = useToolbarSettings();
  const [refused, setRefused] = useState(false);
  const [language, setLanguage] = useTranslateLanguage();
  const languages = useMemo(() => {
    const tags = [...new Set([browserLanguage(), ...LANGUAGES, ...(language ? [language] : [])])];
    return tags.map((tag) => ({ tag, name: languageName(tag) })).sort((a, b) => a.name.localeCompare(b.name));
  }, [language]);

  return (
    <div className="page-tools-settings">
      <SiteListEditor
        heading={text.neverSendHeading}
        explain={text.neverSendExplain}
        sites={neverSend.sites}
        onAdd={neverSend.add}
        onRemove={neverSend.remove}
        testId="never-send-list"
      />
      <section>
        <h3>{text.translateTo}</h3>
        <label htmlFor={languageId} className="visually-hidden">
          {text.translateTo}
        </label>
        <select id={languageId} value={language ?? ''} onChange={(event) => void setLanguage(event.target.value)}>
          {language === undefined && <option value="" />}
          {languages.map(({ tag, name }) => (
            <option key={tag} value={tag}>
              {name}
            </option>
          ))}
        </select>
        <p className="muted">{text.translateHint}</p>
      </section>
      <section>
        <div className="toggle">
          <input
            id={toolbarId}
            type="checkbox"
            checked={toolbar.enabled}
            onChange={(event) => {
              const enabled = event.target.checked;
              if (!enabled) {
                setRefused(false);
                void updateToolbar({ enabled: false });
                return;
              }
              // The prompt must be asked for synchronously in the click: browsers show it only during a user gesture.
              void requestAllSites().then((granted) => {
                setRefused(!granted);
                if (granted) void updateToolbar({ enabled: true });
              });
            }}
          />
          <label htmlFor={toolbarId}>{text.toolbar}</label>
        </div>
        <p className="muted">{text.toolbarHint}</p>
        {refused && (
          <p role="alert" className="error">
            {text.toolbarRefused}
          </p>
        )}
      </section>
      {toolbar.enabled && (
        <SiteListEditor
          heading={text.toolbarOffHeading}
          sites={toolbar.offSites}
          onAdd={async (site) => {
            const entry = normalizeSiteEntry(site);
            if (entry !== undefined) await updateToolbar({ offSites: [...toolbar.offSites, entry] });
          }}
          onRemove={(site) => updateToolbar({ offSites: toolbar.offSites.filter((item) => item !== site) })}
          testId="toolbar-off-list"
        />
      )}
    </div>
  );
}
