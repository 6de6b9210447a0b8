/**
 * The icons the pages use, from lucide (ISC licence), each imported on its own so a bundle carries
 * only the icons it draws. Add an icon here, not in a component, so the set stays one set.
 */
export {
  ArrowUp as SendIcon,
  Check as CheckIcon,
  ChevronDown as ChevronDownIcon,
  CircleStop as StopIcon,
  Copy as CopyIcon,
  Eye as VisionIcon,
  Brain as ReasoningIcon,
  Wrench as ToolsIcon,
  Cpu as OnDeviceIcon,
  History as HistoryIcon,
  KeyRound as KeyIcon,
  Lock as LockIcon,
  LockOpen as UnlockedIcon,
  MessageSquarePlus as NewChatIcon,
  MessageSquareText as SystemPromptIcon,
  MessagesSquare as RecentChatsIcon,
  PanelRight as SidePanelIcon,
  RefreshCw as RegenerateIcon,
  Search as SearchIcon,
  Settings as SettingsIcon,
  SlidersHorizontal as PageToolsIcon,
  Star as StarIcon,
  Trash2 as DeleteIcon,
  X as CloseIcon,
} from 'lucide-react';
export type { LucideIcon as Icon } from 'lucide-react';
// Attachments (issue 16): the composer's attach button and the chips.
export {
  Paperclip as AttachIcon,
  File as FileIcon,
  FileText as PdfIcon,
  Image as ImageIcon,
} from 'lucide-react';
// The composer's capture items (src/ui/capture).
export { Camera as CaptureTabIcon, SquareDashedMousePointer as CaptureRegionIcon } from 'lucide-react';
// The options page's actions.
export {
  Download as DownloadIcon,
  ExternalLink as ExternalLinkIcon,
  Pencil as RenameIcon,
  PlugZap as TestConnectionIcon,
  Plus as AddIcon,
  RotateCcwKey as RotateKeyIcon,
  SlidersHorizontal as KeySettingsIcon,
  Upload as UploadIcon,
} from 'lucide-react';
