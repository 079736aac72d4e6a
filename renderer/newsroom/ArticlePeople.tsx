import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentReplica } from '../documents/replica';
import { personOf, type Person } from './presence';

/**
 * Who else has the article open: everyone present in one of its versions'
 * documents (their windows announce themselves in each version they show),
 * by name and role, once each.
 */
export function ArticlePeople({ replicas }: { replicas: readonly DocumentReplica[] }) {
  const { t } = useTranslation();
  const [people, setPeople] = useState<Person[]>([]);

  useEffect(() => {
    const gather = () => {
      const found = new Map<string, Person>();
      for (const replica of replicas) {
        for (const [clientId, state] of replica.awareness.getStates()) {
          if (clientId === replica.awareness.clientID) continue;
          const person = personOf(state);
          if (person) found.set(`${person.name}\u0000${person.role ?? ''}`, person);
        }
      }
      const next = [...found.values()].sort((a, b) => a.name.localeCompare(b.name));
      setPeople((current) => (JSON.stringify(current) === JSON.stringify(next) ? current : next));
    };
    gather();
    for (const replica of replicas) replica.awareness.on('change', gather);
    return () => {
      for (const replica of replicas) replica.awareness.off('change', gather);
    };
  }, [replicas]);

  if (people.length === 0) return null;
  return (
    <ul className="article-people" aria-label={t('presence.label')}>
      {people.map((person) => (
        <li key={`${person.name}/${person.role ?? ''}`} className="person" style={{ ['--person-color' as string]: person.color }}>
          <span className="person-dot" aria-hidden="true" />
          {person.role ? t('presence.person', { name: `\u2068${person.name}\u2069`, role: t(`roles.${person.role}`) }) : <bdi>{person.name}</bdi>}
        </li>
      ))}
    </ul>
  );
}
