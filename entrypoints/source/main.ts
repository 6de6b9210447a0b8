// A collection item's stored original, opened from a citation (src/ui/knowledge/source-view.ts).
import { showSource } from '@/src/ui/knowledge/source-view';

void showSource();
